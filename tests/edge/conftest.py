import pytest
from django.core.cache import cache

from desabinaan.accounts.services import token_create


@pytest.fixture(autouse=True)
def _clean_cache():
    # The public report rate limit counts in the cache: every test starts with a fresh count.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def bearer(world):
    """Authorization headers with a fresh API token for one of the world's users."""

    def make(username: str) -> dict:
        raw = token_create(actor=world["users"][username], label="test").raw
        return {"Authorization": f"Bearer {raw}"}

    return make
