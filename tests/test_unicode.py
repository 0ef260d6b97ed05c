from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnpolicytext import clean, get_normalizer

from .strategies_runs import decimal_number

U = get_normalizer("unicode")()


def test_line_endings_become_newlines():
    assert U("a\r\nb\rc\u2028d\x0ce") == "a\nb\nc\nd\ne"


def test_bom_control_zero_width_and_soft_hyphen_go():
    assert U("\ufeff科\u200b技\u00ad创\x07新\u2060") == "科技创新"


def test_tab_and_newline_stay():
    assert U("R&D\tplan\n下一行") == "R&D\tplan\n下一行"


def test_fullwidth_letters_digits_and_percent_to_ascii():
    assert U("ＡＢ１２３，占比５０％。") == "AB123，占比50%。"


def test_fullwidth_punctuation_is_kept():
    assert U("（一）“科技”：；！？") == "（一）“科技”：；！？"


def test_nfc_composes_and_maps_compatibility_ideographs():
    assert U("e\u0301") == "\u00e9"
    assert U("\uf900") == "\u8c48"  # CJK compatibility ideograph 豈


def test_fffd_present_in_input_is_left_alone():
    assert U("科\ufffd技") == "科\ufffd技"


def test_edits_report_each_change():
    out, edits = U.edits("Ａ\r\n")
    assert out == "A\n"
    assert {e.rule for e in edits} == {"unicode.newline", "unicode.fullwidth"}


# -- numbers (§1, issue 12) -------------------------------------------------------------
@pytest.mark.parametrize("raw, expected", [
    ("8．8％", "8.8%"),
    ("８．８％", "8.8%"),
    ("8 ．8 ％", "8.8%"),
    ("占比8． 8 %。", "占比8.8%。"),
    ("8\u3000．\u30008％", "8.8%"),
    ("增长50 ‰", "增长50‰"),
    ("增长12.5 %", "增长12.5%"),
    ("3523 1170", "3523 1170"),  # two numbers
    ("电话：3523 1170。", "电话：3523 1170。"),
    ("1．加强领导", "1．加强领导"),  # a marker, not a decimal point (numbering's business)
    ("1． 2020年工作", "1． 2020年工作"),
    ("第3 ．5条", "第3.5条"),
])
def test_decimal_point_and_spaces_inside_one_number(raw, expected):
    assert U(raw) == expected


def test_number_repairs_are_edits_with_their_rules():
    out, edits = U.edits("8 ．8 ％")
    assert out == "8.8%"
    assert {e.rule for e in edits} == {"unicode.fullwidth", "unicode.decimal_point", "unicode.number_space"}


NUMBERY = st.text(st.sampled_from("0123456789０１２ ．.%％‰\u3000字"), max_size=30)


@settings(max_examples=400, deadline=None)
@given(NUMBERY)
def test_number_repairs_never_add_a_space_nor_change_a_digit(text):
    out = U(text)
    assert out.count(" ") + out.count("\u3000") <= text.count(" ") + text.count("\u3000")
    assert [c for c in out if c.isdigit()] == [str(int(c)) for c in text if c.isdigit()]
    assert U(out) == out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 99999), min_size=2, max_size=6), st.sampled_from([" ", "\u3000", "  "]))
def test_separate_numbers_keep_their_spaces(numbers, gap):
    text = gap.join(map(str, numbers))
    assert U(text) == text


@settings(max_examples=200, deadline=None)
@given(decimal_number, st.sampled_from(["增长", "占比", ""]), st.sampled_from(["。", "，", ""]))
def test_a_decimal_number_comes_out_as_one_number(number, before, after):
    out = clean(before + number + after)
    digits = "".join(c for c in number if c.isdigit())
    assert "．" not in out and " " not in out
    assert "".join(c for c in out if c.isdigit()) == digits


def test_bidi_marks_embeddings_isolates_and_invisible_operators_go():
    # §1: nothing that shows nothing survives (LRM/RLM, LRE…PDF, LRI…PDI, U+2061–2064).
    raw = "示范\u200e县\u200f人民\u202a政府\u202c关于\u2066加强\u2069管理\u2062的通知。"
    assert clean(raw) == "示范县人民政府关于加强管理的通知。"


def test_a_percentage_after_a_spaced_point_converts_in_one_pass():
    # The digits after "． " may hold a full-width point of their own (hypothesis find).
    assert U("0． 0．0‰") == U(U("0． 0．0‰"))
    assert U("增长 8． 2．5 ％") == U(U("增长 8． 2．5 ％"))
