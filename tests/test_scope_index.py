"""The scope filter is served by an index on both databases (issue 10): the scoped stay and report
lists are searched through the region index, never read in full."""

import re

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desabinaan.accounts.scope import code_within, scope_q
from desabinaan.foreigners.selectors import stays_in_scope
from desabinaan.regions.models import Level, Region
from desabinaan.reports.selectors import reports_for_user


def plan(qs) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The test tables are tiny, so PostgreSQL would read them whole whatever the filter;
            # with sequential scans priced out it uses an index only if one can serve the filter.
            cursor.execute("SET LOCAL enable_seqscan = off")
            return qs.explain()
    return qs.explain()


def assert_index_search(text: str, table: str) -> None:
    if connection.vendor == "postgresql":
        assert f"Seq Scan on {table}" not in text, text
        assert re.search(rf"Index (Only )?Scan.* on {table}|Bitmap Index Scan on", text), text
    else:
        assert re.search(rf"SEARCH {table} USING (COVERING )?INDEX", text), text
        assert not re.search(rf"SCAN {table}\b", text), text


@pytest.mark.django_db
def test_scoped_stay_list_searches_the_region_index(world):
    user = world["users"]["kanim.pangkalpinang"]
    text = plan(stays_in_scope(actor=user))
    print(f"\n[{connection.vendor}] stays_in_scope(actor=kanim.pangkalpinang):\n{text}")
    assert_index_search(text, "foreigners_stay")


@pytest.mark.django_db
def test_scoped_report_list_searches_the_region_index(world):
    user = world["users"]["kanim.pangkalpinang"]
    text = plan(reports_for_user(actor=user, status="semua"))
    print(f"\n[{connection.vendor}] reports_for_user(actor=kanim.pangkalpinang):\n{text}")
    assert_index_search(text, "reports_report")


# Codes from digits, the separator and the characters on either side of it in byte order ('-'
# before '.', '/' after), so the range's edges are exercised, not only well-formed codes.
raw_code = st.text(alphabet="019.-/", min_size=1, max_size=13)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sets(raw_code, max_size=12), st.sets(raw_code, min_size=1, max_size=4))
def test_range_filter_equals_code_within(stored, prefixes):
    with transaction.atomic():
        Region.objects.bulk_create(
            [Region(code=c, name=c, level=Level.DESA, path=c, name_folded=c) for c in stored]
        )
        in_sql = set(
            Region.objects.filter(scope_q(frozenset(prefixes), "")).values_list("code", flat=True)
        )
        transaction.set_rollback(True)
    assert in_sql == {c for c in stored if any(code_within(c, p) for p in prefixes)}


@pytest.mark.django_db
def test_region_columns_sort_bytewise_on_postgresql():
    """Every column holding a region code (the key and each foreign key to it) has collation "C"
    on PostgreSQL, so the range is right whatever the database's own collation."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite compares bytes by default")
    columns = [("regions_region", "code")] + [
        (rel.related_model._meta.db_table, rel.field.column)
        for rel in Region._meta.get_fields(include_hidden=True)
        if rel.is_relation and rel.auto_created and not rel.many_to_many
    ]
    with connection.cursor() as cursor:
        for table, column in columns:
            cursor.execute(
                "SELECT collation_name FROM information_schema.columns"
                " WHERE table_name = %s AND column_name = %s",
                [table, column],
            )
            assert cursor.fetchone() == ("C",), (table, column)
