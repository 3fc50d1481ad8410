from django.urls import path

from . import letter_views, views

app_name = "foreigners"

urlpatterns = [
    path("", views.foreigner_list, name="list"),
    path("daftar/", views.stay_register, name="register"),
    path("<int:pk>/", views.foreigner_detail, name="detail"),
    path("<int:pk>/lengkap/", views.foreigner_full, name="full"),
    path("<int:pk>/foto/", views.foreigner_photo, name="photo"),
    path("<int:pk>/foto/ubah/", views.foreigner_photo_change, name="photo_change"),
    path("<int:pk>/gabung/", views.foreigner_merge, name="merge"),
    path("gabungan/<int:pk>/pisah/", views.foreigner_split, name="split"),
    path("tinggal/<int:pk>/verifikasi/", views.stay_verify, name="verify"),
    path("tinggal/<int:pk>/keberangkatan/", views.stay_depart, name="depart"),
    path("tinggal/<int:pk>/surat/", letter_views.stay_letters, name="letters"),
    path("surat/<int:pk>/cetak.pdf", letter_views.letter_pdf, name="letter_pdf"),
    path("surat/<int:pk>/cabut/", letter_views.letter_revoke, name="letter_revoke"),
    path("kop-surat/<str:code>/ubah/", letter_views.letterhead_edit, name="letterhead_edit"),
    path("peringatan/", views.alert_list, name="alerts"),
    path("peringatan/<int:pk>/", views.alert_detail, name="alert"),
    path("jenis-izin/", views.permit_type_list, name="permit_types"),
    path("jenis-izin/baru/", views.permit_type_edit, name="permit_type_new"),
    path("jenis-izin/<int:pk>/", views.permit_type_edit, name="permit_type_edit"),
    path("log-akses/", views.access_log, name="access_log"),
    path("ekspor/", views.export_csv, name="export"),
    path("impor/", views.import_stays, name="import"),
    path("impor/templat.<str:fmt>", views.import_template, name="import_template"),
    path("impor/<int:pk>/", views.import_status, name="import_status"),
    path("impor/<int:pk>/kesalahan.csv", views.import_errors, name="import_errors"),
]
