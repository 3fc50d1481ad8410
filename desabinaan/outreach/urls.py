from django.urls import path

from . import participation_urls, views

app_name = "outreach"
# Mounted at /kegiatan/. Fixed paths come before the <pk> paths.
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("kalender/", views.activity_calendar, name="calendar"),
    path("kalender/tautan-baru/", views.feed_rotate, name="feed_rotate"),
    path("baru/", views.activity_new, name="new"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("publik/<int:pk>/", views.activity_public, name="public"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/ubah/", views.activity_edit, name="edit"),
    path("<int:pk>/terlaksana/", views.activity_hold, name="hold"),
    path("<int:pk>/batalkan/", views.activity_cancel, name="cancel"),
    path("<int:pk>/kehadiran/", views.attendance_save, name="attendance"),
    path("<int:pk>/foto/", views.photo_add, name="photo_add"),
    path("<int:pk>/foto/<int:photo_pk>/hapus/", views.photo_remove, name="photo_remove"),
    path("<int:pk>/peserta/", views.participant_add, name="participant_add"),
]
urlpatterns += participation_urls.urlpatterns  # the participant side (QR sign-in, quiz, Q&A)
