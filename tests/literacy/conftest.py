import pytest

from desabinaan.accounts.scope import system_actor
from desabinaan.literacy.services import guides_load


@pytest.fixture
def guides(db):
    """The shipped guides and FAQ, loaded as the command loads them."""
    return guides_load(actor=system_actor("tests"))
