from django.urls import include, path, re_path

from abdi.api import api, unrouted

urlpatterns = [
    path("", include("abdi.web.urls")),
    path("pegawai/", include("abdi.people.urls")),
    path("organisasi/", include("abdi.org.urls")),
    path("audit/", include("abdi.core.urls")),
    path("akun/", include("abdi.accounts.urls")),
    path("analitik/", include("abdi.analytics.urls")),
    path("kinerja/", include("abdi.performance.urls")),
    path("talenta/", include("abdi.talent.urls")),
    path("kompetensi/", include("abdi.competency.urls")),
    path("perencanaan/", include("abdi.planning.urls")),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the Indonesian / English switch
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", unrouted),
]
