import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def literacy_seed(db):
    """The quizzes and red flags migration 0002 seeds. A transactional test elsewhere in the
    same worker flushes every table, so load them again (idempotent) rather than trust it."""
    call_command("load_quizzes", verbosity=0)
    call_command("load_red_flags", verbosity=0)
