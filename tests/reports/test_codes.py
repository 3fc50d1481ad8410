"""Tracking codes: no look-alike characters, and every single typo or swap is told apart."""

from hypothesis import given
from hypothesis import strategies as st

from desabinaan.reports import codes

body = st.text(alphabet=codes.ALPHABET, min_size=9, max_size=9)


def test_alphabet_has_no_look_alikes():
    assert not set("0O1IL") & set(codes.ALPHABET)
    assert len(codes.generate()) == 10


@given(body, st.integers(0, 9), st.sampled_from(codes.ALPHABET))
def test_any_single_mistyped_character_is_detected(b, position, replacement):
    code = b + codes.check_char(b)
    typo = code[:position] + replacement + code[position + 1 :]
    if typo != code:
        try:
            codes.parse(typo)
        except codes.MalformedCode:
            return
        raise AssertionError(f"{typo} accepted as a valid code")


@given(body, st.integers(0, 8))
def test_any_swap_of_neighbours_is_detected(b, position):
    code = b + codes.check_char(b)
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    if swapped != code:
        try:
            codes.parse(swapped)
        except codes.MalformedCode:
            return
        raise AssertionError(f"{swapped} accepted as a valid code")


def test_parse_accepts_lower_case_and_the_grouped_form():
    code = codes.generate()
    assert codes.parse(codes.grouped(code).lower()) == code
    assert codes.parse(f" {code[:5]} {code[5:]} ") == code
