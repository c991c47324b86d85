from django.contrib.auth import views as auth_views
from django.urls import path

from abdi.accounts.forms import ThrottledAuthenticationForm
from abdi.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True,
                                       authentication_form=ThrottledAuthenticationForm),
         name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
]
