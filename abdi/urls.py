from django.urls import include, path

urlpatterns = [
    path("", include("abdi.web.urls")),
]
