from django.urls import path

from abdi.people import views

app_name = "people"
urlpatterns = [
    path("", views.employee_list, name="list"),
    path("jumlah-per-unit/", views.unor_staff_counts, name="unor_counts"),
    path("<str:key>/", views.employee_detail, name="detail"),
]
