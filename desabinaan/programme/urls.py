from django.urls import path

from . import views

app_name = "programme"
urlpatterns = [
    path("kanim/", views.kanim_overview, name="kanim"),
    path("kanwil/", views.kanwil_overview, name="kanwil"),
    path("desa-saya/", views.my_villages, name="my_villages"),
    path("canangkan/", views.designate, name="designate"),
    path("pimpasa/tugaskan/", views.assign_pimpasa, name="assign_pimpasa"),
    path("kecamatan/<str:code>/", views.kecamatan_detail, name="kecamatan"),
    path("desa/<str:code>/", views.desa_detail, name="desa"),
    path("desa/<str:code>/corner/", views.corner_edit, name="corner"),
    path("desa/<str:code>/mitra/", views.partner_add, name="partner_add"),
    path("desa/<str:code>/nonaktifkan/", views.deactivate, name="deactivate"),
    path("desa/<str:code>/usulkan/", views.propose, name="propose"),
    path("mitra/<int:pk>/undang/", views.partner_invite, name="partner_invite"),
    path("mitra/<int:pk>/aktif/", views.partner_toggle, name="partner_toggle"),
]
