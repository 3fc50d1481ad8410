"""Browser journey at 360 px (issue 11 items 8, 12, 14, 15, 16): each role walks the pages
this work changed; the shared guard (e2e/conftest.py) fails any page wider than the viewport,
and the tap targets of each page are at least 44 px tall. Screenshots go to var/screenshots."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from desabinaan.accounts.models import User
from desabinaan.accounts.scope import public_actor
from desabinaan.foreigners.services import alerts_scan
from desabinaan.programme.models import Corner
from desabinaan.regions.models import Office, Region
from desabinaan.reports import services as report_services
from tests.factories import SYSTEM
from tests.foreigners.conftest import person, stay_input
from tests.programme.conftest import KOBA_DESA, MANDURIAN

from .auth import log_in
from .conftest import assert_fits_viewport

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
PHONE = {"width": 360, "height": 740}

# Controls a finger must hit: buttons, fields, menu and pager links, links standing alone in
# lists and tables. Links inside running text are exempt (WCAG 2.5.8).
TAP_TARGETS = """
() => Array.from(document.querySelectorAll(
  "main .btn, main .form-control, main .form-select, main .page-link, main summary, " +
  "main .list-group-item > a, main .table td a, main .table th a, main a.tap, " +
  "footer .lang-switch button, nav summary"))
  .filter(e => e.offsetParent !== null)
  .map(e => [e.getBoundingClientRect().height,
             (e.textContent || e.name || e.tagName).trim().slice(0, 40)])
  .filter(([h]) => h < 44)
"""


def _walk(page, base, paths, prefix):
    for path in paths:
        page.goto(base + path)
        assert_fits_viewport(page)
        small = page.evaluate(TAP_TARGETS)
        assert small == [], f"{path}: tap targets under 44 px: {small}"
        name = prefix + (path.strip("/").replace("/", "_").replace("?", "_") or "home")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def _login(context, base, username):
    page = log_in(context.new_page(), base, username)
    expect(page.locator("h1")).to_contain_text("Selamat datang")
    return page


def test_every_role_walks_its_pages_on_a_phone(live_server, programme, browser):
    call_command("load_permit_types", verbosity=0)
    base = live_server.url
    # Demo-like data: a located corner, a long unbroken name, phones, reports and alerts.
    Corner.objects.update(latitude="-2.487", longitude="106.408")
    Office.objects.update(phone="0812-7100-0009", email="kanim@example.go.id")
    koba = User.objects.get(username="pimpasa.koba")
    User.objects.filter(pk=koba.pk).update(phone="081200000000", phone_public=True)
    report_services.report_submit(
        actor=public_actor(),
        category="tppo",
        region=Region.objects.get(code=KOBA_DESA),
        description="Perekrutan kerja ke luar negeri tanpa izin, " + "Panjangsekali" * 12,
        latitude="-2.49",
        longitude="106.41",
    )
    from desabinaan.foreigners.services import stay_register

    stay_register(
        actor=User.objects.get(username="mitra.mandurian"),
        stay=stay_input(MANDURIAN, permit_expiry=timezone.localdate() - dt.timedelta(days=3)),
        person=person(given_names="Maximiliansebastianjohannesfriedrich" * 2),
    )
    alerts_scan(actor=SYSTEM, today=timezone.localdate())

    public = browser.new_context(viewport=PHONE)
    page = public.new_page()
    _walk(
        page,
        base,
        ["/", f"/wilayah/?desa={KOBA_DESA}", f"/desa/{KOBA_DESA}/", "/lapor/", "/tidak-ada/"],
        "phone-public-",
    )
    page.goto(base + "/")
    expect(page.locator("main #home-lapor")).to_be_visible()
    public.close()

    walks = {
        "pimpasa.koba": ["/", "/lapor/masuk/", f"/program/desa/{KOBA_DESA}/", "/wna/impor/"],
        "mitra.mandurian": ["/", "/wna/peringatan/", "/lapor/masuk/"],
        "kanim.pangkalpinang": ["/", "/program/kanim/", "/wna/impor/", "/akun/profil/"],
        "pusat": ["/program/kanwil/"],
    }
    for username, paths in walks.items():
        context = browser.new_context(viewport=PHONE)
        page = _login(context, base, username)
        _walk(page, base, paths, f"phone-{username.split('.')[0]}-")
        context.close()


def test_the_width_guard_sees_a_page_wider_than_the_viewport(live_server, browser):
    """The guard can fail: a page with an element wider than the phone is recorded."""
    from . import conftest

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    wide = "<!doctype html><html><body><div style='width:1500px'>x</div></body></html>"
    page.route("**/wide/", lambda route: route.fulfill(body=wide, content_type="text/html"))
    page.goto(f"{live_server.url}/wide/")
    page.evaluate("window.__widthReported")  # wait until Python has the measure
    caught = list(conftest._too_wide)
    conftest._too_wide.clear()  # this test's page was wide on purpose
    context.close()
    assert ("/wide/", 1500, 360) in [(u, w >= 1500 and 1500, i) for u, w, i in caught]
