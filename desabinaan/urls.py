from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve

from .api import api
from .foreigners import letter_views
from .programme import public as programme_public

urlpatterns = [
    path("", include("desabinaan.home.urls")),
    path("akun/", include("desabinaan.accounts.urls")),
    # The village lookup shows the programme's PIMPASA, so programme serves it at /wilayah/.
    path("wilayah/", programme_public.region_lookup, name="region_lookup"),
    path("wilayah/", include("desabinaan.regions.urls")),
    path("wna/", include("desabinaan.foreigners.urls")),
    path("lapor/", include("desabinaan.reports.urls")),
    path("program/", include("desabinaan.programme.urls")),
    path("literasi/", include("desabinaan.literacy.urls")),
    path("kegiatan/", include("desabinaan.outreach.urls")),
    path("", include("desabinaan.assistance.urls")),
    path("desa/<str:code>/", programme_public.desa_page, name="desa_public"),
    path("desa/<str:code>/poster.pdf", programme_public.desa_poster, name="desa_poster"),
    path("verifikasi/<str:token>/", letter_views.letter_verify, name="letter_verify"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

# 400 and 500 pages render without context processors (see core.views._plain_error); 403 and
# 404 use Django's handlers with the site's 403.html and 404.html.
handler400 = "desabinaan.core.views.bad_request"
handler500 = "desabinaan.core.views.server_error"

if settings.DEBUG:
    # Corner photos under the development server. In production the web server (or a CDN) serves
    # MEDIA_ROOT at MEDIA_URL itself; see README "Media files".
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
