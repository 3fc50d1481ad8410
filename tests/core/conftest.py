from tests.programme.conftest import programme  # noqa: F401 - shared fixture
