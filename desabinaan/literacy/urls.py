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
    path("", views.guide_index, name="guide_index"),
    path("panduan/baru/", views.guide_new, name="guide_new"),
    path("panduan/<slug:slug>/", views.guide_detail, name="guide_detail"),
    path("panduan/<slug:slug>/cetak/", views.guide_print, name="guide_print"),
    path("panduan/<slug:slug>/leaflet.pdf", views.guide_leaflet, name="guide_leaflet"),
    path("panduan/<slug:slug>/ubah/", views.guide_edit, name="guide_edit"),
    path("panduan/<slug:slug>/status/", views.guide_status, name="guide_status"),
    path("panduan/<slug:slug>/riwayat/", views.guide_history, name="guide_history"),
    path("panduan/<slug:slug>/catatan-kantor/", views.guide_local_note, name="guide_local_note"),
    path("tanya-jawab/", views.faq_list, name="faq_list"),
    path("tanya-jawab/baru/", views.faq_new, name="faq_new"),
    path("tanya-jawab/<int:pk>/ubah/", views.faq_edit, name="faq_edit"),
    path("cari/", views.search_page, name="search"),
]
