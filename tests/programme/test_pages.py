import csv
import datetime as dt
import io
import re
import subprocess

import pytest
from django.core import mail

from desabinaan.accounts.models import Role, User
from desabinaan.programme.models import Corner, DesaBinaan, Partner, PimpasaAssignment
from tests.factories import SYSTEM

from ..factories import UserFactory
from .conftest import KOBA_DESA, MANDURIAN, NAMANG_DESA


def login(client, programme, username):
    client.force_login(programme["users"][username])
    return client


# --- scope matrix: every new page and export ----------

PAGES = [
    ("/program/desa/{koba}/", "koba"),
    ("/program/desa/{mandurian}/", "mandurian"),
    ("/program/kecamatan/19.04.01/", "koba"),
    ("/program/kecamatan/63.05.03/", "mandurian"),
    ("/program/desa/{koba}/corner/", "koba"),
]
SEES = {
    "kanim.pangkalpinang": {"koba"},
    "kanim.banjarmasin": {"mandurian"},
    "pimpasa.koba": {"koba"},
    "pimpasa.mandurian": {"mandurian"},
    "mitra.mandurian": {"mandurian"},
    "kanwil.babel": {"koba"},
    "pusat": {"koba", "mandurian"},
}


@pytest.mark.parametrize("username", sorted(SEES))
@pytest.mark.parametrize(("url", "place"), PAGES)
def test_scope_matrix_pages(programme, client, username, url, place):
    login(client, programme, username)
    response = client.get(url.format(koba=KOBA_DESA, mandurian=MANDURIAN))
    desa_scoped = username in ("mitra.mandurian", "pimpasa.mandurian")
    if place not in SEES[username] or (desa_scoped and "/kecamatan/" in url):
        assert response.status_code == 404  # a desa-level scope does not hold its kecamatan
    elif "/corner/" in url and username in ("mitra.mandurian", "kanwil.babel"):
        assert response.status_code == 403  # in scope, but partners and the Kanwil only read
    else:
        assert response.status_code == 200


def test_banjarmasin_never_sees_bangka_tengah_partners(programme, client):
    login(client, programme, "kanim.banjarmasin")
    assert client.get(f"/program/desa/{KOBA_DESA}/").status_code == 404
    overview = client.get("/program/kanim/").content.decode()
    assert "Serda Koba" not in overview
    export = client.get("/program/kanim/", {"format": "csv"}).content.decode()
    assert "Koba" not in export
    assert client.get("/program/kanim/", {"kantor": "kanim-pangkalpinang"}).status_code == 404
    partner = programme["partners"]["koba"]
    assert client.post(f"/program/mitra/{partner.pk}/undang/").status_code == 404
    assert client.post(f"/program/mitra/{partner.pk}/aktif/").status_code == 404
    partner.refresh_from_db()
    assert partner.is_active and partner.user is None


def test_anonymous_is_sent_to_login(programme, client):
    for url in ("/program/kanim/", "/program/desa-saya/", f"/program/desa/{KOBA_DESA}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/akun/masuk/" in response["Location"]


# --- Kanim and Kanwil overviews ----------


def test_kanim_overview_shows_pimpasa_and_gaps(programme, client):
    login(client, programme, "kanim.pangkalpinang")
    page = client.get("/program/kanim/").content.decode()
    assert programme["users"]["pimpasa.koba"].display_name in page
    assert "Sungai Selan" in page
    assert "belum ada" in page  # kecamatan without a PIMPASA
    gaps = client.get("/program/kanim/", {"tanpa_pimpasa": "1"}).content.decode()
    assert ">Koba<" not in gaps and ">Sungai Selan<" in gaps


def test_kanim_overview_query_count_is_bounded(programme, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from desabinaan.programme import services
    from desabinaan.regions.models import Region

    login(client, programme, "kanim.pangkalpinang")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/program/kanim/").status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    # More villages, corners and partners must not mean more queries.
    for desa in Region.objects.filter(parent_id="19.04.02")[:5]:
        d = services.desa_binaan_designate(
            region=desa,
            office=programme["offices"]["pangkalpinang"],
            sk_number="SK",
            designated_on=dt.date(2025, 9, 30),
            actor=SYSTEM,
        )
        services.corner_save(desa=d, data={"address": "x"}, actor=SYSTEM)
        services.partner_add(region=desa, role="agen_literasi", name="Agen", actor=SYSTEM)
    assert queries() == before <= 20


def test_overview_csv_export(programme, client):
    login(client, programme, "kanim.pangkalpinang")
    response = client.get("/program/kanim/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode().removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    koba = next(r for r in rows if r["Kode kecamatan"] == "19.04.01")
    assert koba["Desa binaan"] == "1" and koba["Imigrasi Corner"] == "1" and koba["Mitra"] == "1"
    assert koba["PIMPASA"] == programme["users"]["pimpasa.koba"].display_name
    assert not any("+62" in value for r in rows for value in r.values())  # no phone numbers


def test_overview_htmx_partial(programme, client):
    login(client, programme, "kanim.pangkalpinang")
    response = client.get("/program/kanim/", {"kabupaten": "19.04"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and ">Koba<" in html and "Toboali" not in html


def test_kanwil_overview_puts_offices_side_by_side(
    programme, client, django_assert_max_num_queries
):
    login(client, programme, "pusat")
    with django_assert_max_num_queries(10):
        page = client.get("/program/kanwil/").content.decode()
    assert "Pangkalpinang" in page and "Banjarmasin" in page
    login(client, programme, "kanwil.babel")
    page = client.get("/program/kanwil/").content.decode()
    assert "Pangkalpinang" in page and "Banjarmasin" not in page
    login(client, programme, "mitra.mandurian")
    assert client.get("/program/kanwil/").status_code == 404


# --- PIMPASA "desa saya" and the desa page ----------


def test_my_villages_lists_attention_items(programme, client):
    login(client, programme, "pimpasa.koba")
    page = client.get("/program/desa-saya/").content.decode()
    assert "Arung Dalam" in page
    assert "belum ada mitra" not in page  # Arung Dalam has a partner
    Partner.objects.all().delete()
    page = client.get("/program/desa-saya/").content.decode()
    assert "belum ada mitra" in page


def test_my_villages_empty_state_links_to_the_next_step(world, client):
    client.force_login(world["users"]["pimpasa.namang"])
    page = client.get("/program/desa-saya/").content.decode()
    assert "Belum ada desa binaan" in page


def test_desa_page_shows_corner_partners_and_history(programme, client):
    login(client, programme, "pimpasa.koba")
    page = client.get(f"/program/desa/{KOBA_DESA}/").content.decode()
    assert "Kantor Kelurahan" in page
    assert "Serda Koba" in page and "+6281271000002" in page
    assert "Dicanangkan sebagai desa binaan" in page  # the action, in the reader's language


# --- forms: good and bad input ----------


def test_designate_form(world, client):
    client.force_login(world["users"]["kanim.pangkalpinang"])
    response = client.post(
        "/program/canangkan/",
        {"desa": NAMANG_DESA, "sk_number": "SK-77", "designated_on": "2025-10-01"},
    )
    assert response.status_code == 302
    assert DesaBinaan.objects.get(region_id=NAMANG_DESA).sk_number == "SK-77"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"desa": NAMANG_DESA, "sk_number": "", "designated_on": "2025-10-01"},
            "tidak boleh kosong",
        ),
        (
            {"desa": NAMANG_DESA, "sk_number": "SK", "designated_on": "kemarin"},
            "tanggal yang valid",
        ),
        (
            {"desa": "19.04.01", "sk_number": "SK", "designated_on": "2025-10-01"},
            "Pilih dari daftar",
        ),
        (
            {"desa": MANDURIAN, "sk_number": "SK", "designated_on": "2025-10-01"},
            "tidak berada di wilayah kerja",
        ),
        ({"desa__q": "zzzz", "sk_number": "SK", "designated_on": "2025-10-01"}, "Tidak ada desa"),
    ],
)
def test_designate_form_bad_input(world, client, data, message):
    client.force_login(world["users"]["kanim.pangkalpinang"])
    response = client.post("/program/canangkan/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DesaBinaan.objects.exists()


def test_partners_and_pimpasa_cannot_designate(world, client):
    for username in ("mitra.mandurian", "pimpasa.koba", "kanwil.babel"):
        client.force_login(world["users"][username])
        assert client.get("/program/canangkan/").status_code == 403


def test_corner_form_saves_and_validates(programme, client):
    login(client, programme, "pimpasa.koba")
    url = f"/program/desa/{KOBA_DESA}/corner/"
    bad = client.post(url, {"address": "Balai Desa", "latitude": "45", "longitude": "106.4"})
    assert bad.status_code == 400
    assert "di wilayah Indonesia" in bad.content.decode()
    half = client.post(url, {"address": "Balai Desa", "latitude": "-2.4"})
    assert half.status_code == 400
    assert Corner.objects.get().address == "Kantor Kelurahan"
    good = client.post(
        url,
        {
            "address": "Balai Desa",
            "latitude": "-2.487",
            "longitude": "106.408",
            "opening_hours": "Senin–Jumat",
            "contact_phone": "0812 7100 0009",
            "offers_reporting": "on",
        },
    )
    assert good.status_code == 302
    corner = Corner.objects.get()
    assert corner.address == "Balai Desa" and corner.contact_phone == "+6281271000009"
    assert corner.offers_reporting and not corner.offers_literacy


def test_partner_form_bad_phone_saves_nothing(programme, client):
    login(client, programme, "pimpasa.koba")
    before = Partner.objects.count()
    response = client.post(
        f"/program/desa/{KOBA_DESA}/mitra/", {"role": "babinsa", "name": "X", "phone": "123"}
    )
    assert response.status_code == 400
    assert "bukan nomor telepon" in response.content.decode()
    assert Partner.objects.count() == before
    response = client.post(f"/program/desa/{KOBA_DESA}/mitra/", {"role": "raja", "name": ""})
    assert response.status_code == 400
    assert Partner.objects.count() == before


def test_assign_pimpasa_form_replaces_with_history(programme, client):
    office = programme["offices"]["pangkalpinang"]
    newcomer = UserFactory(role=Role.PIMPASA, office=office, first_name="Baru")
    login(client, programme, "kanim.pangkalpinang")
    data = {
        "officer": newcomer.pk,
        "kecamatan": "19.04.01",
        "sk_number": "SK-B",
        "inaugurated_on": "2026-01-05",
    }
    occupied = client.post("/program/pimpasa/tugaskan/", data)
    assert occupied.status_code == 400
    assert "sudah memiliki PIMPASA aktif" in occupied.content.decode()
    done = client.post("/program/pimpasa/tugaskan/", {**data, "replace": "on"})
    assert done.status_code == 302
    assert (
        PimpasaAssignment.objects.get(region_id="19.04.01", ended_on__isnull=True).officer
        == newcomer
    )
    other = UserFactory(role=Role.PIMPASA, office=programme["offices"]["banjarmasin"])
    refused = client.post(
        "/program/pimpasa/tugaskan/", {**data, "officer": other.pk, "kecamatan": "19.04.03"}
    )
    assert refused.status_code == 400  # not an officer of this office: not even a choice


# --- invitation ----------


def test_partner_invitation_sets_a_password_once(
    programme, client, django_capture_on_commit_callbacks
):
    partner = programme["partners"]["koba"]
    login(client, programme, "kanim.pangkalpinang")
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves after commit
        response = client.post(f"/program/mitra/{partner.pk}/undang/", {"desa": KOBA_DESA})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"http://testserver(/akun/undangan/\S+/)", body).group(1)
    partner.refresh_from_db()
    user = partner.user
    assert (
        user.role == Role.MITRA
        and user.home_region_id == KOBA_DESA
        and not user.has_usable_password()
    )
    client.logout()
    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else link
    done = client.post(
        set_url, {"new_password1": "mitra-desa-2026!", "new_password2": "mitra-desa-2026!"}
    )
    assert done.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("mitra-desa-2026!")
    again = client.get(link, follow=True)
    assert "sudah dipakai" in again.content.decode()


def test_invitation_needs_an_email(programme, client):
    partner = programme["partners"]["mandurian"]
    login(client, programme, "kanim.banjarmasin")
    client.post(f"/program/mitra/{partner.pk}/undang/", {"desa": MANDURIAN}, follow=True)
    assert not mail.outbox
    partner.refresh_from_db()
    assert partner.user is None


# --- public pages ----------


def test_public_desa_page_for_a_desa_binaan(programme, client):
    page = client.get(f"/desa/{KOBA_DESA}/").content.decode()
    assert "Desa Binaan Imigrasi" in page and "Kantor Kelurahan" in page
    assert programme["users"]["pimpasa.koba"].display_name in page
    assert "Serda Koba" not in page and "+6281271000002" not in page  # partners stay private


def test_pimpasa_phone_only_when_agreed(programme, client):
    officer = programme["users"]["pimpasa.koba"]
    User.objects.filter(pk=officer.pk).update(phone="+6281200000000")
    assert "+6281200000000" not in client.get(f"/desa/{KOBA_DESA}/").content.decode()
    User.objects.filter(pk=officer.pk).update(phone_public=True)
    assert "+6281200000000" in client.get(f"/desa/{KOBA_DESA}/").content.decode()


def test_public_page_for_other_desa_and_unknown_code(programme, client):
    page = client.get(f"/desa/{NAMANG_DESA}/").content.decode()
    assert "belum menjadi desa binaan" in page
    assert "Pangkalpinang" in page  # the responsible office's contact
    assert client.get("/desa/99.99.99.9999/").status_code == 404
    assert client.get("/desa/19.04.01/").status_code == 404  # a kecamatan is not a desa


def test_qr_poster_is_one_a4_page_with_village_and_office(programme, client):
    response = client.get(f"/desa/{KOBA_DESA}/poster.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Arung Dalam" in text and "Pangkalpinang" in text
    assert f"/desa/{KOBA_DESA}/" in text and "kode pelacakan" in text
    info = subprocess.run(
        ["pdfinfo", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert re.search(r"Pages:\s+1\n", info) and "(A4)" in info


def test_public_page_links_to_a_report_prefilled_with_the_desa(programme, client):
    page = client.get(f"/desa/{KOBA_DESA}/").content.decode()
    assert f"/lapor/?desa={KOBA_DESA}" in page
    form = client.get(f"/lapor/?desa={KOBA_DESA}").content.decode()
    assert f'data-code="{KOBA_DESA}"' in form  # the picker shows the village as chosen


def test_pimpasa_proposes_a_village_of_their_area_and_the_kanim_designates_it(programme, client):
    login(client, programme, "pimpasa.namang")
    page = client.get(f"/program/desa/{NAMANG_DESA}/").content.decode()
    assert "Usulkan sebagai desa binaan" in page
    assert client.post(f"/program/desa/{NAMANG_DESA}/usulkan/").status_code == 302
    desa = DesaBinaan.objects.get(region_id=NAMANG_DESA)
    assert desa.status == "diusulkan" and desa.office == programme["offices"]["pangkalpinang"]
    again = client.post(f"/program/desa/{NAMANG_DESA}/usulkan/", follow=True)
    assert "sudah terdaftar dalam program" in again.content.decode()
    assert client.post(f"/program/desa/{KOBA_DESA}/usulkan/").status_code == 404  # not their area
    login(client, programme, "kanim.pangkalpinang")
    response = client.post(
        "/program/canangkan/",
        {"desa": NAMANG_DESA, "sk_number": "SK-N", "designated_on": "2026-01-05"},
    )
    assert response.status_code == 302
    desa.refresh_from_db()
    assert desa.status == "dicanangkan"


def test_partners_cannot_propose(programme, client):
    login(client, programme, "mitra.mandurian")
    from desabinaan.programme.models import DesaBinaan as DB

    DB.objects.filter(region_id=MANDURIAN).delete()
    assert client.post(f"/program/desa/{MANDURIAN}/usulkan/").status_code == 403
    assert not DB.objects.filter(region_id=MANDURIAN).exists()


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("kanim.pangkalpinang", "/program/canangkan/"),
        ("pimpasa.koba", f"/program/desa/{KOBA_DESA}/corner/"),
        ("kanim.pangkalpinang", "/program/pimpasa/tugaskan/?kantor=kanim-pangkalpinang"),
    ],
)
def test_an_empty_post_is_400_with_the_reason(programme, client, user, path):
    """A post with no field at all still binds the form: the user is told what is missing."""
    response = login(client, programme, user).post(path, {})
    assert response.status_code == 400
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    assert Corner.objects.get(desa_binaan__region_id=KOBA_DESA).address == "Kantor Kelurahan"
