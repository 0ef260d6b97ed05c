"""Shapes of real documents that are no wrapped prose (sixth session; CONVENTIONS §3, §4).

Two reviewers wrote documents of their own in the shapes that government texts take
besides running prose — titles wrapped over two lines, name lists, tables pulled out of a
PDF as lines, standards numbered ``1 范围``, agendas, bilingual notices — and read what the
cleaner did to them. Each test here holds one of the harms they found to its repair, on
text written for the test.
"""

from __future__ import annotations

import pytest

from cnpolicytext import clean, clean_with_edits

BODY = ("为深入贯彻落实党中央国务院关于发展数字经济的决\n"
        "策部署，加快推进本市数字经济高质量发展，结合本市\n"
        "实际，现就有关事项提出如下意见，请各单位结合实际\n"
        "认真贯彻执行，确保各项任务落到实处，取得实效，并\n"
        "将贯彻落实情况及时报送市发展改革委员会汇总。\n")


def test_a_title_wrapped_onto_a_short_line_is_not_joined_onto_the_next_one():
    # The title's first line reaches the wrap width and is joined to its short rest; the
    # line it built reaches the width too, but only its last piece can have been cut.
    text = "示范市人民政府关于加快推进数字经济高质量发展的实\n施意见\n各区人民政府：\n" + BODY
    out = clean(text).split("\n")
    assert out[:2] == ["示范市人民政府关于加快推进数字经济高质量发展的实施意见", "各区人民政府："]
    assert out[2] == BODY.replace("\n", "")


def test_a_heading_wrapped_onto_a_short_line_is_not_joined_onto_its_body():
    # The heading fills the wrap width (24) of the lines below it.
    text = ("一、加快构建以国内大循环为主体国内国际双循环相互\n促进的新格局\n" + BODY)
    out = clean(text).split("\n")
    assert out[0] == "一、加快构建以国内大循环为主体国内国际双循环相互促进的新格局"
    assert out[1].startswith("为深入贯彻")


@pytest.mark.parametrize("text", [
    "规划期为2021~2025年，总投资100~200亿元。",
    "每组 10~20 人，每人0.5~1.5小时。",
    "| 迁移 | 3~5周 | 各部门 |\n| --- | --- | --- |",
    "文件放在\\\\server\\share目录下。",
    "数据存于D:\\data\\2024目录。",
])
def test_ranges_table_cells_and_paths_are_no_junk_string(text):
    # A tilde range, a cell bar and a path are text; a junk string is random ASCII.
    result = clean_with_edits(text)
    assert not any(e.rule == "boilerplate.junk" for e in result.edits)
    assert all(ch in result.text for ch in text if ch.isdigit() or ch.isalpha())


def test_random_ascii_between_chinese_words_is_still_a_junk_string():
    assert clean("推进Nge_ Ks UT[nzbG高质量发展。") == "推进高质量发展。"
    assert clean("推进aX~k|9{b高质量发展。") == "推进高质量发展。"
