import pytest
from django.core.management import call_command

from desabinaan.accounts.scope import system_actor
from desabinaan.literacy.services import guides_load


@pytest.fixture(autouse=True)
def literacy_seed(db):
    """The quizzes and red flags migration 0002 seeds. A transactional test elsewhere in the
    same worker flushes every table, so load them again (idempotent) rather than trust it."""
    call_command("load_quizzes", verbosity=0)
    call_command("load_red_flags", verbosity=0)


@pytest.fixture
def guides(db):
    """The shipped guides and FAQ, loaded as the command loads them."""
    return guides_load(actor=system_actor("tests"))
