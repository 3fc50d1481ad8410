"""Guard in CI (issue 12): schemathesis over the whole OpenAPI schema, in process through the WSGI
application, as the public and as an officer with a bearer token.

Every generated case runs every default check: no 5xx, the status code is documented, the body
and headers match the schema, schema-invalid input is refused and schema-valid input accepted.
The run is deterministic (a fixed seed per operation) and bounded by MAX_EXAMPLES per phase so it
takes a few minutes on two cores."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from desabinaan.accounts.services import token_create

MAX_EXAMPLES = 25
# "Schema-valid input is accepted" holds except where a rule needs the database: a village code
# that is well-formed but not a village, a username that is no officer, a passport country that
# is no country, a tracking or question code whose check character does not match, a destination
# country named in words that is no country. There the documented refusal (422, or 400 for a
# mistyped code) is the right answer to valid-looking data.
DOMAIN_REFUSALS = {
    "POST /api/v1/reports": ["422"],
    "POST /api/v1/stays": ["422"],
    "POST /api/v1/reports/{report_id}/assign": ["422"],
    "GET /api/v1/reports/track/{code}": ["400"],
    "GET /api/v1/foreigners/{foreigner_id}": ["422"],
    "POST /api/v1/questions": ["422"],
    "GET /api/v1/questions/{code}": ["400"],
    # A destination country named in words needs the country table; blank text is refused too.
    "POST /api/v1/literacy/job-offer-check": ["422"],
    # A name with no letter in it, or two letters that are no country (the country table).
    "POST /api/v1/screening/check": ["422"],
    # A place code that is no desa or kecamatan in the caller's area, an office or officer that
    # does not exist, times that do not fit (the end before the start).
    "POST /api/v1/activities": ["422"],
}
ACCEPTED = ["2xx", "401", "403", "404", "409", "429"]

CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True},
        "operations": [
            {
                "include-name": label,
                "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED + statuses}},
            }
            for label, statuses in DOMAIN_REFUSALS.items()
        ],
    }
)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)

# The world (regions, offices, officers) is built once per operation and shared by its cases;
# what one case creates stays for the next, as it would on a real server.
SHARED_WORLD = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)


@pytest.fixture(autouse=True)
def keep_test_connection():
    """The WSGI handler closes old database connections at the start and end of each request;
    inside a test that would close the test's own transaction (PostgreSQL). Django's test client
    switches this off the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def officer_token(world):
    return token_create(actor=world["users"]["kanim.pangkalpinang"], label="schemathesis").raw


@schema.parametrize()
@SHARED_WORLD
def test_api_as_the_public(case, world):
    case.call_and_validate()


@schema.parametrize()
@SHARED_WORLD
def test_api_as_an_officer(case, officer_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {officer_token}"})
