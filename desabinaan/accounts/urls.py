from django.contrib.auth import views as auth_views
from django.urls import path

from . import twofactor_views, views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profil/", views.profile, name="profile"),
    path("profil/notifikasi/", views.notifications, name="notifications"),
    path("undangan/<uidb64>/<token>/", views.InviteAcceptView.as_view(), name="invite_accept"),
    path("pengiriman/", views.deliveries, name="deliveries"),
    path("profil/token/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
    path("dua-langkah/", twofactor_views.verify, name="two_factor_verify"),
    path("dua-langkah/pasang/", twofactor_views.setup, name="two_factor_setup"),
    path("dua-langkah/pasang/qr.svg", twofactor_views.qr, name="two_factor_qr"),
    path("dua-langkah/kode-cadangan/", twofactor_views.recovery, name="two_factor_recovery"),
    path(
        "dua-langkah/kode-cadangan.txt",
        twofactor_views.recovery_download,
        name="two_factor_recovery_download",
    ),
    path(
        "dua-langkah/kode-cadangan/selesai/",
        twofactor_views.recovery_done,
        name="two_factor_recovery_done",
    ),
    path("dua-langkah/matikan/", twofactor_views.disable, name="two_factor_disable"),
    path("dua-langkah/reset/", twofactor_views.reset, name="two_factor_reset"),
]
