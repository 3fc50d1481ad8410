"""Query counts that do not grow with the rows shown (DESIGN.md §6: query counts asserted on
list pages). Each test measures a page or endpoint with one row, adds many, and asserts the
second request costs no more queries than the first."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries(request, *, status: int = 200) -> list[str]:
    """Run `request()` (a test-client call) and return the SQL of the queries it made."""
    with CaptureQueriesContext(connection) as ctx:
        response = request()
    assert response.status_code == status, (response.status_code, response.content[:300])
    return [q["sql"] for q in ctx.captured_queries]


def assert_bounded(name: str, request, grow, *, status: int = 200) -> None:
    """`request` once with what exists (warmed up first), then `grow()` adds many rows and the
    same request must not cost more."""
    request()
    one = queries(request, status=status)
    grow()
    many = queries(request, status=status)
    print(f"\nqueries {name}: {len(one)} with one row, {len(many)} with many")
    assert len(many) <= len(one), "\n".join(
        [f"{name}: {len(one)} queries with one row, {len(many)} with many:", *many]
    )
