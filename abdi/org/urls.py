from django.urls import path

from abdi.org import views

app_name = "org"
urlpatterns = [
    path("", views.instansi_list, name="instansi_list"),
    path("<str:instansi_id>/", views.unor_tree, name="tree"),
    path("<str:instansi_id>/unit/<str:unor_id>/", views.unor_children, name="children"),
]
