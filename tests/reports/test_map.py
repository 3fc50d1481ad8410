"""The officers' report map (issue 17): scoped GeoJSON with the inbox's filters, reports without a
point listed beside the map, nothing for the public."""

import pytest
from django.urls import reverse

from desabinaan.reports.codes import grouped
from desabinaan.reports.models import Report

from .conftest import KOBA_DESA, MANDURIAN

pytestmark = pytest.mark.django_db


def _place(report, lat=-2.45, lng=106.4):
    Report.objects.filter(pk=report.pk).update(latitude=lat, longitude=lng)
    return report


def test_map_data_is_geojson_of_located_reports_in_scope(client, world, file_report):
    here = _place(file_report(category="tppo"))
    unlocated = file_report()
    elsewhere = _place(file_report(code=MANDURIAN), -3.0, 115.0)
    client.force_login(world["users"]["kanim.pangkalpinang"])
    data = client.get(reverse("reports:map_data")).json()
    assert data["type"] == "FeatureCollection"
    codes = [f["properties"]["code"] for f in data["features"]]
    assert codes == [grouped(here.tracking_code)]
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [106.4, -2.45]}
    assert feature["properties"]["category"] == "tppo" and feature["properties"]["open"]
    assert grouped(elsewhere.tracking_code) not in str(data)
    assert grouped(unlocated.tracking_code) not in str(data)


def test_map_filters_like_the_inbox(client, world, file_report):
    tppo = _place(file_report(category="tppo"))
    other = _place(file_report(category="lainnya"))
    client.force_login(world["users"]["kanim.pangkalpinang"])
    data = client.get(reverse("reports:map_data"), {"category": "tppo"}).json()
    assert [f["properties"]["code"] for f in data["features"]] == [grouped(tppo.tracking_code)]
    Report.objects.filter(pk=other.pk).update(status="ditolak")
    open_only = client.get(reverse("reports:map_data")).json()
    assert len(open_only["features"]) == 1
    everything = client.get(reverse("reports:map_data"), {"status": "semua"}).json()
    closed = [f for f in everything["features"] if not f["properties"]["open"]]
    assert len(everything["features"]) == 2 and len(closed) == 1
    # a filter value that is not offered is ignored, as in the inbox, never an error
    assert client.get(reverse("reports:map_data"), {"category": "entah"}).status_code == 200


def test_map_page_lists_reports_without_a_point(client, world, file_report):
    located = _place(file_report())
    unlocated = file_report(landmark="Dekat masjid")
    client.force_login(world["users"]["pimpasa.koba"])
    page = client.get(reverse("reports:map")).content.decode()
    assert grouped(unlocated.tracking_code) in page
    assert grouped(located.tracking_code) not in page  # it is on the map, from map_data
    assert "leaflet.markercluster.js" in page
    assert reverse("reports:map_data") in page


def test_the_public_and_partners_never_get_points(client, world, file_report):
    _place(file_report(code=KOBA_DESA))
    response = client.get(reverse("reports:map_data"))
    assert response.status_code == 302 and "-2.45" not in response.content.decode()
    client.force_login(world["users"]["mitra.mandurian"])
    assert client.get(reverse("reports:map_data")).status_code == 403
    assert client.get(reverse("reports:map")).status_code == 403
