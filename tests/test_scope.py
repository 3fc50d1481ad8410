"""The one region-scope rule: property tests on the prefix logic and the role matrix."""

import datetime as dt

import pytest
from django.http import Http404
from hypothesis import given, settings
from hypothesis import strategies as st

from desabinaan.accounts.scope import (
    EVERYWHERE,
    actor_for,
    actors_for,
    code_within,
    forget_actor,
    get_in_scope_or_404,
    in_scope,
    minimal_prefixes,
    scope_filter,
    user_scope,
)
from desabinaan.programme.models import PimpasaAssignment
from desabinaan.regions.models import Region
from tests.factories import SYSTEM

segment = st.sampled_from(["11", "19", "63", "01", "04", "05", "71"])
desa_segment = st.sampled_from(["1001", "2003", "2015", "1010"])


@st.composite
def codes(draw):
    depth = draw(st.integers(1, 4))
    parts = [draw(segment) for _ in range(min(depth, 3))]
    if depth == 4:
        parts.append(draw(desa_segment))
    return ".".join(parts)


@given(st.sets(codes(), max_size=8), codes())
def test_minimal_prefixes_cover_exactly_the_same_codes(prefixes, code):
    naive = any(code_within(code, p) for p in prefixes)
    assert any(code_within(code, p) for p in minimal_prefixes(prefixes)) == naive


@given(st.sets(codes(), max_size=8))
def test_minimal_prefixes_never_nest(prefixes):
    kept = minimal_prefixes(prefixes)
    assert kept <= prefixes
    assert not any(a != b and code_within(a, b) for a in kept for b in kept)


@given(codes(), codes())
def test_code_within_is_segmentwise(code, prefix):
    expected = code.split(".")[: prefix.count(".") + 1] == prefix.split(".")
    assert code_within(code, prefix) == expected


def test_partial_segment_is_not_a_prefix():
    assert not code_within("19.04", "19.0")
    assert not code_within("19.040", "19.04")
    assert code_within("19.04.01.2001", "19.04")


@pytest.mark.django_db
@settings(deadline=None)  # the first example loads the regions
@given(st.sets(codes(), max_size=5))
def test_scope_filter_matches_the_pure_rule(prefixes):
    # The SQL filter and the Python rule must agree on every region in the test tree.
    from desabinaan.accounts.scope import scope_q

    regions_load_once()
    in_sql = set(
        Region.objects.filter(scope_q(frozenset(prefixes), "")).values_list("code", flat=True)
    )
    in_python = {
        c
        for c in Region.objects.values_list("code", flat=True)
        if any(code_within(c, p) for p in prefixes)
    }
    assert in_sql == in_python


def regions_load_once():
    from desabinaan.regions.services import regions_load

    if not Region.objects.filter(code="63.05.03.2003").exists():
        regions_load(actor=SYSTEM, within=("19.04.01", "63.05.03"))


# --- role matrix ---------------------------------------------------------------------------

EXPECTED_SCOPES = {
    "pimpasa.koba": {"19.04.01"},
    "pimpasa.mandurian": {"63.05.03.2003"},
    "kanim.pangkalpinang": {"19.03", "19.04", "19.71"},
    "kanim.banjarmasin": {"63.05"},
    "kanwil.babel": {"19"},
    "mitra.mandurian": {"63.05.03.2003"},
    "camat.koba": {"19.04.01"},
    "norole": set(),
}


@pytest.mark.parametrize("username", sorted(EXPECTED_SCOPES))
def test_each_role_gets_its_region_scope(world, username):
    assert user_scope(world["users"][username]) == frozenset(EXPECTED_SCOPES[username])


def test_pusat_and_superuser_see_everything(world, django_user_model):
    assert user_scope(world["users"]["pusat"]) is EVERYWHERE
    root = django_user_model.objects.create_superuser("root", "r@example.org", "x")
    assert user_scope(root) is EVERYWHERE


def test_inactive_user_sees_nothing(world):
    user = world["users"]["kanim.pangkalpinang"]
    user.is_active = False
    assert user_scope(user) == frozenset()


def test_ended_assignment_leaves_the_scope(world):
    assignment = world["assignments"]["koba"]
    PimpasaAssignment.objects.filter(pk=assignment.pk).update(ended_on="2025-12-31")
    assert user_scope(assignment.officer) == frozenset()


# Each (user, record) pair: may the user see the record? The rule itself; every route (pages and
# API operations) is checked against records outside each role's area in test_scope_matrix.py.
VISIBILITY = [
    ("pimpasa.koba", "koba", True),
    ("pimpasa.koba", "namang", False),
    ("pimpasa.koba", "mandurian", False),
    ("kanim.pangkalpinang", "koba", True),
    ("kanim.pangkalpinang", "mandurian", False),
    ("kanim.banjarmasin", "koba", False),
    ("kanim.banjarmasin", "mandurian", True),
    ("kanwil.babel", "namang", True),
    ("kanwil.babel", "mandurian", False),
    ("kanwil.kalsel", "mandurian", True),
    ("mitra.mandurian", "mandurian", True),
    ("mitra.mandurian", "koba", False),
    ("camat.koba", "koba", True),
    ("pusat", "mandurian", True),
    ("norole", "koba", False),
]


@pytest.mark.parametrize(("username", "record", "visible"), VISIBILITY)
def test_scope_matrix_selectors(world, username, record, visible):
    user = world["users"][username]
    assignment = world["assignments"][record]
    qs = PimpasaAssignment.objects.all()
    assert scope_filter(qs, user).filter(pk=assignment.pk).exists() == visible
    assert in_scope(user, assignment.region_id) == visible
    if visible:
        assert get_in_scope_or_404(qs, user, pk=assignment.pk) == assignment
    else:
        with pytest.raises(Http404):
            get_in_scope_or_404(qs, user, pk=assignment.pk)


# --- the Actor: scope computed once per User instance ---------------------------------------


def test_scope_is_computed_once_per_user_instance(world, django_assert_num_queries):
    from desabinaan.accounts.models import User

    user = User.objects.get(username="pimpasa.koba")
    with django_assert_num_queries(1):
        for _ in range(5):
            user_scope(user)
            in_scope(user, "19.04.01.2003")
    assert actor_for(user) is actor_for(user)


def test_a_new_assignment_on_the_same_instance_is_seen_after_forget(world):
    from desabinaan.programme.services import pimpasa_assign
    from desabinaan.regions.models import Region

    officer = world["users"]["pimpasa.koba"]
    assert not in_scope(officer, "19.04.02.2001")
    pimpasa_assign(
        officer=officer,
        region=Region.objects.get(code="19.04.02"),
        office=world["offices"]["pangkalpinang"],
        sk_number="SK-2",
        inaugurated_on=dt.date(2025, 9, 30),
        actor=world["users"]["kanim.pangkalpinang"],
    )
    assert in_scope(officer, "19.04.02.2001")  # the service forgot the kept Actor


def test_a_changed_role_on_the_same_instance_recomputes(world):
    user = world["users"]["kanim.pangkalpinang"]
    assert user_scope(user) == frozenset({"19.03", "19.04", "19.71"})
    user.role = "pusat"
    assert user_scope(user) is EVERYWHERE
    forget_actor(user)


def test_actors_in_bulk_match_one_by_one(world, django_assert_num_queries):
    from desabinaan.accounts.models import User

    users = list(User.objects.order_by("pk"))
    with django_assert_num_queries(2):
        bulk = {a.user.pk: a.scope for a in actors_for(users)}
    for user in User.objects.order_by("pk"):
        assert user_scope(user) == bulk[user.pk], user.username
