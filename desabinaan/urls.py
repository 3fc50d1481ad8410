from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from .api import api
from .programme import public as programme_public

urlpatterns = [
    path("", include("desabinaan.core.urls")),
    path("akun/", include("desabinaan.accounts.urls")),
    path("wilayah/", include("desabinaan.regions.urls")),
    path("wna/", include("desabinaan.foreigners.urls")),
    path("lapor/", include("desabinaan.reports.urls")),
    path("program/", include("desabinaan.programme.urls")),
    path("desa/<str:code>/", programme_public.desa_page, name="desa_public"),
    path("desa/<str:code>/poster.pdf", programme_public.desa_poster, name="desa_poster"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

# The 500 page shows the request id (desabinaan/core/requestid.py).
handler500 = "desabinaan.core.views.server_error"
