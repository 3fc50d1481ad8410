from django.urls import path

from . import views

app_name = "assistance"
# Mounted at the site root: the paths carry their own prefixes (tanya/, layanan-paspor/).
# Fixed paths come before the <code> paths they would otherwise be read as.
urlpatterns = [
    path("tanya/", views.ask, name="ask"),
    path("tanya/cek/", views.question_lookup, name="question_lookup"),
    path("tanya/masuk/", views.questions, name="questions"),
    path("tanya/masuk/<int:pk>/", views.question_detail, name="question_detail"),
    path("tanya/masuk/<int:pk>/faq/", views.question_promote, name="question_promote"),
    path("tanya/masuk/<int:pk>/laporkan/", views.question_convert, name="question_convert"),
    path("tanya/<str:code>/", views.question_status, name="question"),
    path("layanan-paspor/", views.days, name="days"),
    path("layanan-paspor/baru/", views.day_new, name="day_new"),
    path("layanan-paspor/dokumen/", views.documents, name="documents"),
    path("layanan-paspor/dokumen/<int:pk>/", views.document_edit, name="document_edit"),
    path("layanan-paspor/cek/", views.signup_lookup, name="signup_lookup"),
    path("layanan-paspor/kantor/<slug:code>/", views.office_days, name="office_days"),
    path("layanan-paspor/antrean/<str:code>/", views.signup_status, name="signup"),
    path("layanan-paspor/antrean/<str:code>/batal/", views.signup_cancel, name="signup_cancel"),
    path("layanan-paspor/pendaftar/<int:pk>/hadir/", views.signup_mark, name="signup_mark"),
    path("layanan-paspor/<int:pk>/", views.day_public, name="day"),
    path("layanan-paspor/<int:pk>/pengumuman.pdf", views.day_pdf, name="day_pdf"),
    path("layanan-paspor/<int:pk>/kelola/", views.day_manage, name="day_manage"),
    path("layanan-paspor/<int:pk>/ubah/", views.day_edit, name="day_edit"),
    path("layanan-paspor/<int:pk>/terbitkan/", views.day_publish, name="day_publish"),
    path("layanan-paspor/<int:pk>/batalkan/", views.day_cancel, name="day_cancel"),
]
