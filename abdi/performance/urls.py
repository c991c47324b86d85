from django.urls import path

from abdi.performance import views

app_name = "performance"
urlpatterns = [
    path("", views.home, name="home"),
    path("skp/baru/", views.skp_create_view, name="skp_create"),
    path("skp/<int:skp_id>/", views.skp_page, name="skp"),
    path("skp/<int:skp_id>/hasil/", views.result_add_view, name="result_add"),
    path("skp/<int:skp_id>/hasil/<int:hasil_id>/hapus/", views.result_remove_view, name="result_remove"),
    path("skp/<int:skp_id>/ajukan/", views.submit_view, name="submit"),
    path("skp/<int:skp_id>/setujui/", views.approve_view, name="approve"),
    path("skp/<int:skp_id>/kembalikan/", views.return_view, name="return"),
    path("skp/<int:skp_id>/ekspektasi/", views.expectation_view, name="expectation"),
    path("skp/<int:skp_id>/komentar/", views.comment_view, name="comment"),
    path("skp/<int:skp_id>/evaluasi/<str:periode>/", views.evaluation_page, name="evaluation"),
    path("skp/<int:skp_id>/evaluasi/<str:periode>/realisasi/", views.realisation_view, name="realisation"),
    path("skp/<int:skp_id>/evaluasi/<str:periode>/nilai/", views.rate_view, name="rate"),
    path("evaluasi/<int:evaluasi_id>/keberatan/", views.objection_file_view, name="objection_file"),
    path("keberatan/", views.objections, name="objections"),
    path("keberatan/<int:keberatan_id>/putus/", views.objection_decide_view, name="objection_decide"),
    path("tim/", views.team, name="team"),
    path("tim/tetapkan/", views.finalise_view, name="finalise"),
    path("instansi/", views.agency_pick, name="agency_pick"),
    path("instansi/<str:instansi_id>/", views.agency, name="agency"),
    path("instansi/<str:instansi_id>/kinerja-organisasi/", views.org_result_view, name="org_result"),
    path("instansi/<str:instansi_id>/delegasi/", views.delegation_view, name="delegation"),
]
