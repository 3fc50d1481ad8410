from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profil/", views.profile, name="profile"),
    path("undangan/<uidb64>/<token>/", views.InviteAcceptView.as_view(), name="invite_accept"),
    path("profil/token/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
]
