from __future__ import annotations

from cnpolicytext import get_normalizer

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
