from django.urls import path

from . import views

app_name = "literacy"
urlpatterns: list = [
    # Quizzes, licensed agencies, job-offer checker (issue 14).
    path("kuis/", views.quiz_list, name="quiz_list"),
    path("kuis/<slug:slug>/", views.quiz, name="quiz"),
    path("p3mi/", views.agency_lookup, name="agency_lookup"),
    path("cek-lowongan/", views.check_offer, name="check_offer"),
    path("cek-lowongan/laporkan/", views.check_report, name="check_report"),
    path("cek-lowongan/tanda-bahaya/", views.check_flags, name="check_flags"),
    path("cek-lowongan/tanda-bahaya/<int:pk>/ubah/", views.check_flag_edit, name="check_flag_edit"),
]
