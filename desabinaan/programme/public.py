"""Public village pages and the printable QR poster: no login, nothing personal."""

import segno
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from desabinaan.core.templatetags.ui import phone_of
from desabinaan.regions.forms import RegionLookupForm
from desabinaan.regions.models import Level, Region
from desabinaan.regions.selectors import offices_for_region

from .selectors import active_pimpasa_for_region, public_desa


def _desa_or_404(code: str) -> Region:
    region = Region.objects.filter(code=code, level=Level.DESA).first()
    if region is None:
        raise Http404
    return region


def _report_url() -> str | None:
    """The reporting form, once the lapor app provides it."""
    try:
        return reverse("reports:new")
    except NoReverseMatch:
        return None


# The literacy pages a village page links to (issue 14), by URL name: each link appears once
# its page exists. The guides carry the village code so a guide shows the local office's note.
LITERACY_LINKS = (
    ("literacy:guide_index", _("Guides: passports, visas, working abroad safely")),
    ("literacy:quiz_list", _("Quizzes: test what you know")),
    ("literacy:check_offer", _("Check a job offer for red flags")),
)


def _literacy_links(region: Region) -> list[dict]:
    links = []
    for name, label in LITERACY_LINKS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if name == "literacy:guide_index":
            url += f"?desa={region.code}"
        links.append({"name": name, "url": url, "label": label})
    return links


@require_GET
def region_lookup(request):
    """'Which office and PIMPASA look after this village?' — public, and the picker's showcase.
    Here rather than in regions: it shows the programme's PIMPASA."""
    form = RegionLookupForm(request.GET or None)
    region = form.cleaned_data["desa"] if form.is_bound and form.is_valid() else None
    context = {"form": form, "region": region}
    if region:
        context["offices"] = offices_for_region(region)
        context["pimpasa"] = active_pimpasa_for_region(region)
    return render(request, "programme/region_lookup.html", context)


@require_GET
@cache_control(public=True, max_age=300)
def desa_page(request, code: str):
    region = _desa_or_404(code)
    context = {
        "region": region,
        "report_url": _report_url(),
        "literacy_links": _literacy_links(region),
        **public_desa(region),
    }
    return render(request, "programme/public_desa.html", context)


@require_GET
def desa_poster(request, code: str):
    """One A4 page to print and hang in the corner, with a QR code to the public page."""
    from weasyprint import HTML  # imported here: it loads Pango, which plain pages never need

    region = _desa_or_404(code)
    info = public_desa(region)
    page_url = request.build_absolute_uri(reverse("desa_public", args=[region.code]))
    report_url = _report_url()
    qr_svg = segno.make(page_url, error="m").svg_inline(scale=8, border=2)
    html = render_to_string(
        "programme/poster.html",
        {
            "region": region,
            "page_url": page_url,
            "report_url": (
                request.build_absolute_uri(f"{report_url}?desa={region.code}")
                if report_url
                else page_url
            ),
            "office_phone": phone_of(info["office"].phone) if info["office"] else None,
            "pimpasa_phone": (
                phone_of(info["pimpasa"].officer.phone)
                if info["pimpasa"] and info["pimpasa"].officer.phone_public
                else None
            ),
            "status_url": request.build_absolute_uri("/lapor/status/"),
            "qr_svg": qr_svg,
            **info,
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-{region.code}.pdf"'
    return response
