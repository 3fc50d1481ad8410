"""Indonesian affixes: the same stem at index and query time (issue 14)."""

import pytest

from desabinaan.literacy.stemming import query_groups, stem_text, variants


@pytest.mark.parametrize(
    "words",
    [
        ("perpanjangan", "memperpanjang", "diperpanjang", "perpanjang", "panjang"),
        ("berangkat", "keberangkatan", "pemberangkatan"),
        ("kerja", "bekerja", "pekerja", "pekerjaan"),
        ("lapor", "melaporkan", "laporan", "pelaporan"),
        ("izin", "perizinan"),
        ("hilang", "kehilangan"),
        ("paspor", "pasporku"),
    ],
)
def test_words_of_one_family_share_a_stem(words):
    stems = {variants(w)[0] for w in words}
    assert len(stems) == 1, {w: variants(w) for w in words}


def test_a_nasal_prefix_restores_the_swallowed_consonant():
    # Snowball alone gives "ipu" for penipuan; the restored root meets "tipu".
    assert "tipu" in variants("penipuan") and "tipu" in variants("menipu")
    assert "tipu" in variants("tipu")


def test_query_drops_common_words_and_repeats():
    assert [w for w, _ in query_groups("Bagaimana cara memperpanjang izin dan perpanjangan")] == [
        "memperpanjang",
        "izin",
    ]


def test_index_text_is_folded_and_stemmed():
    assert stem_text("Keberangkatan ÚMROH!") == "angkat umroh"
