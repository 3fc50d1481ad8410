"""Tracking codes moved to desabinaan.core.codes (shared with assistance's question and sign-up
codes); this name stays for the report modules that import it."""

from desabinaan.core.codes import (  # noqa: F401
    ALPHABET,
    BODY_LENGTH,
    LENGTH,
    MalformedCode,
    check_char,
    generate,
    grouped,
    normalise,
    parse,
)
