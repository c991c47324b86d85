from django.urls import include, path

from abdi.api import api

urlpatterns = [
    path("", include("abdi.web.urls")),
    path("pegawai/", include("abdi.people.urls")),
    path("organisasi/", include("abdi.org.urls")),
    path("api/v1/", api.urls),
]
