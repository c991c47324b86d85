from django.urls import path, re_path

from abdi.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cari-instansi/", views.instansi_search, name="instansi_search"),
    path("instansi/<str:instansi_id>/", views.instansi_dashboard, name="instansi"),
    path("instansi/<str:instansi_id>/kartu/", views.scorecard, name="scorecard"),
    re_path(r"^grafik/(?P<chart>[a-z0-9-]+)\.(?P<fmt>csv|xlsx)$", views.chart_export, name="export"),
]
