"""core/idempotency.py: the one Idempotency-Key handling of the reports, questions, stays APIs."""

import pytest
from django.test import RequestFactory

from desabinaan.accounts.scope import public_actor
from desabinaan.core import idempotency
from desabinaan.core.refusals import Conflict
from desabinaan.regions.models import Region
from desabinaan.reports import services
from desabinaan.reports.models import Report


def test_the_header_is_stripped_and_bounded():
    request = RequestFactory().post("/", headers={"Idempotency-Key": "  k-1 "})
    assert idempotency.header_key(request) == "k-1"
    assert idempotency.header_key(RequestFactory().post("/")) == ""
    assert idempotency.key_problem("k" * idempotency.MAX_LENGTH) == ""
    assert "200" in idempotency.key_problem("k" * (idempotency.MAX_LENGTH + 1))


def test_a_key_is_stored_as_a_digest_per_owner_where_asked():
    plain = idempotency.key_digest("k-1")
    assert len(plain) == 64 and "k-1" not in plain
    assert idempotency.key_digest("k-1", owner=7) not in (
        plain,
        idempotency.key_digest("k-1", owner=8),
    )


@pytest.mark.django_db
def test_same_key_same_body_replays_and_another_body_is_a_conflict(world):
    made = services.report_submit(
        actor=public_actor(),
        category="lainnya",
        region=Region.objects.get(code="19.04.01.2003"),
        description="Ada kapal asing bersandar tanpa izin.",
        idempotency_key="k-7",
        fingerprint="body-1",
    ).report
    digest = idempotency.key_digest("k-7")
    assert idempotency.key_used(Report.objects, "k-7")
    assert not idempotency.key_used(Report.objects, "k-8")
    assert not idempotency.key_used(Report.objects, "")

    def conflict():
        return Conflict("dipakai", code="idempotency_key")

    found = idempotency.replay(
        Report.objects, digest=digest, fingerprint="body-1", conflict=conflict
    )
    assert found == made
    with pytest.raises(Conflict) as refused:
        idempotency.replay(Report.objects, digest=digest, fingerprint="body-2", conflict=conflict)
    assert refused.value.code == "idempotency_key"
    unknown = idempotency.key_digest("k-unknown")
    assert (
        idempotency.replay(Report.objects, digest=unknown, fingerprint="x", conflict=conflict)
        is None
    )
