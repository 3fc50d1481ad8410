"""Name folding for search: case- and accent-insensitive, the same on SQLite and PostgreSQL."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse spaces: 'Pulau Tidung ' → 'pulau tidung'."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())
