from django.urls import include, path

from abdi.planning.views import penyetaraan, plans

app_name = "planning"
urlpatterns = [
    path("", include(plans.urlpatterns)),
    path("penyetaraan/", include(penyetaraan.urlpatterns)),
]
