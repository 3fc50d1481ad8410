"""No dead ends (issue 11 item 14): a found village leads on to its page, its poster and Lapor;
the public page to the poster, the status check and the contacts; phones can be tapped."""

import subprocess

import pytest

from desabinaan.accounts.models import User
from desabinaan.core.templatetags.ui import phone_of
from desabinaan.regions.models import Office
from tests.programme.conftest import KOBA_DESA

pytestmark = pytest.mark.django_db


def test_phone_forms():
    mobile = phone_of("0812-7100-0002")
    assert mobile.tel == "tel:+6281271000002"
    assert mobile.whatsapp == "https://wa.me/6281271000002"
    assert mobile.display == "0812-7100-0002"
    landline = phone_of("(0717) 422 222")
    assert landline.tel == "tel:+62717422222" and landline.whatsapp == ""
    typo = phone_of("0711-123")
    assert typo.display == "0711-123" and typo.tel == "" and typo.whatsapp == ""
    assert phone_of("") is None


def test_find_a_village_result_leads_to_page_poster_and_lapor(client, programme):
    Office.objects.filter(code="kanim-pangkalpinang").update(phone="0812-7100-0009")
    html = client.get("/wilayah/", {"desa": KOBA_DESA}).content.decode()
    assert f'href="/desa/{KOBA_DESA}/"' in html
    assert f'href="/desa/{KOBA_DESA}/poster.pdf"' in html
    assert f'href="/lapor/?desa={KOBA_DESA}"' in html
    assert 'href="tel:+6281271000009"' in html
    assert 'href="https://wa.me/6281271000009"' in html


def test_public_page_links_to_poster_status_and_contacts(client, programme):
    Office.objects.filter(code="kanim-pangkalpinang").update(phone="0812-7100-0009")
    officer = programme["users"]["pimpasa.koba"]
    User.objects.filter(pk=officer.pk).update(phone="081200000000", phone_public=True)
    html = client.get(f"/desa/{KOBA_DESA}/").content.decode()
    assert f'href="/desa/{KOBA_DESA}/poster.pdf"' in html
    assert 'href="/lapor/status/"' in html
    assert 'href="#contacts"' in html and 'id="contacts"' in html
    assert 'href="tel:+6281271000009"' in html and 'href="https://wa.me/6281200000000"' in html


def test_poster_gives_the_pimpasa_and_office_contact(client, programme):
    Office.objects.filter(code="kanim-pangkalpinang").update(phone="0812-7100-0009")
    officer = programme["users"]["pimpasa.koba"]
    User.objects.filter(pk=officer.pk).update(phone="081200000000", phone_public=True)
    pdf = client.get(f"/desa/{KOBA_DESA}/poster.pdf").content
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "0812-0000-0000" in text and "0812-7100-0009" in text
    assert f"/lapor/?desa={KOBA_DESA}" in text
    pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    assert b"Pages:           1\n" in pages
