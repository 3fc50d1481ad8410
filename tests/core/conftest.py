"""The site-wide pages (home, errors, layout) reuse the registry's, lapor's and the
programme's fixtures."""

from tests.foreigners.conftest import permit_types, register  # noqa: F401
from tests.programme.conftest import programme  # noqa: F401
from tests.reports.conftest import _private_root, file_report  # noqa: F401
