from django.urls import include, path

urlpatterns = [
    path("", include("abdi.web.urls")),
    path("pegawai/", include("abdi.people.urls")),
    path("organisasi/", include("abdi.org.urls")),
]
