"""Routes of the participant side, included in the app's urls (mounted at /kegiatan/). The
public QR routes sit under ikut/ so no officer route can read the token as a number."""

from django.urls import path

from . import participation_views as views

urlpatterns = [
    path("ikut/<str:token>/", views.participate, name="participate"),
    path("ikut/<str:token>/kuis/<str:phase>/", views.participate_quiz, name="participate_quiz"),
    path("<int:pk>/qr-daftar-hadir/", views.sign_in_poster, name="sign_in_poster"),
    path("<int:pk>/tanya-jawab/", views.question_add, name="question_add"),
    path("tanya-jawab/<int:pk>/ubah/", views.question_edit, name="question_edit"),
    path("tanya-jawab/<int:pk>/faq/", views.question_promote, name="question_promote"),
]
