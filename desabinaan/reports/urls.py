from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_new, name="new"),
    path("tanda-terima/<str:code>/", views.receipt, name="receipt"),
    path("status/", views.status_lookup, name="status_lookup"),
    path("status/<str:code>/", views.status, name="status"),
    path("masuk/", views.inbox, name="inbox"),
    path("masuk/<int:pk>/", views.detail, name="detail"),
    path("masuk/<int:pk>/status/", views.change_status, name="change_status"),
    path("masuk/<int:pk>/catatan/", views.add_note, name="add_note"),
    path("masuk/<int:pk>/tugaskan/", views.assign, name="assign"),
    path("masuk/<int:pk>/protokol/", views.protocol_mark, name="protocol_mark"),
    path("lampiran/<int:pk>/", views.attachment_download, name="attachment"),
    path("masuk/<int:pk>/teruskan/", views.forward, name="forward"),
    path(
        "masuk/<int:pk>/penerusan/<int:fid>/",
        views.forwarding_update,
        name="forwarding_update",
    ),
    path(
        "masuk/<int:pk>/penerusan/<int:fid>/abaikan/",
        views.forwarding_waive,
        name="forwarding_waive",
    ),
    path("instansi/", views.agencies, name="agencies"),
    path("instansi/baru/", views.agency_new, name="agency_new"),
    path("instansi/<int:pk>/", views.agency_edit, name="agency_edit"),
    path("peta/", views.report_map, name="map"),
    path("peta/data/", views.map_data, name="map_data"),
]
