from django.urls import path

from abdi.competency import views

app_name = "competency"
urlpatterns = [
    path("pegawai/<str:key>/", views.profile, name="profile"),
    path("pegawai/<str:key>/asesmen/", views.assessment_save_view, name="assessment_save"),
    path("jabatan/<str:jabatan_id>/", views.standard, name="standard"),
    path("jabatan/<str:jabatan_id>/simpan/", views.standard_save, name="standard_save"),
]
