from django.urls import path

from abdi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("kata-sandi/", views.PasswordChange.as_view(), name="password_change"),
    path("keluar-semua/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("token/", views.tokens, name="tokens"),
    path("token/<int:token_id>/cabut/", views.token_revoke_view, name="token_revoke"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create, name="user_create"),
    path("pengguna/<str:username>/", views.user_detail, name="user_detail"),
    path("pengguna/<str:username>/cabut/", views.user_revoke_view, name="user_revoke"),
]
