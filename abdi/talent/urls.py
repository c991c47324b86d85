from django.urls import path

from abdi.talent import views

app_name = "talent"
urlpatterns = [
    path("", views.home, name="home"),
    path("kotak/<int:kotak>/", views.members, name="members"),
    path("hitung/", views.recompute, name="recompute"),
    path("hitung/<int:job_id>/", views.job, name="job"),
    path("pegawai/<str:key>/", views.card, name="card"),
    path("kalibrasi/", views.sessions, name="sessions"),
    path("kalibrasi/buka/", views.session_open_view, name="session_open"),
    path("kalibrasi/<int:sesi_id>/", views.session, name="session"),
    path("kalibrasi/<int:sesi_id>/pindah/", views.move, name="move"),
    path("kalibrasi/<int:sesi_id>/tutup/", views.session_close_view, name="session_close"),
    path("komite/", views.committee_view, name="committee"),
    path("kelompok/", views.pools, name="pools"),
    path("kelompok/baru/", views.pool_create_view, name="pool_create"),
    path("kelompok/segarkan/", views.pools_refresh_view, name="pools_refresh"),
    path("suksesi/", views.board, name="board"),
    path("suksesi/baru/", views.key_position_add_view, name="key_position_add"),
    path("suksesi/peringkat/", views.successors_recompute_view, name="successors_recompute"),
    path("suksesi/<int:target_id>/", views.key_position, name="key_position"),
    path("suksesi/<int:target_id>/darurat/", views.emergency, name="emergency"),
]
