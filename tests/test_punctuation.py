from __future__ import annotations

import pytest

from cnpolicytext import clean, clean_with_edits, get_normalizer

from .conftest import example_params

P = get_normalizer("punctuation")()


@pytest.mark.parametrize("case", example_params("punctuation"))
def test_shared_examples(case):
    assert clean(case["input"]) == case["expected"]


@pytest.mark.parametrize("raw, expected", [
    ("精神,结合", "精神，结合"),
    ("1170;电邮", "1170；电邮"),
    ("目标是:到2010年", "目标是：到2010年"),
    ("对吗?是的!", "对吗？是的！"),
    ("发展(R&D)经费", "发展（R&D）经费"),
    ("电话(0393-123456)", "电话（0393-123456）"),
    ("(2006年5月22日)", "（2006年5月22日）"),
    ("（一)加强领导", "（一）加强领导"),
    ("1,000", "1,000"),
    ("24327830,85882049", "24327830,85882049"),
    ("3.5", "3.5"),
    ("10:30", "10:30"),
    ("E-mail:", "E-mail:"),
    ("GDP (Gross Domestic Product) grew", "GDP (Gross Domestic Product) grew"),
    ("见http://www.gov.cn/a?b=1", "见http://www.gov.cn/a?b=1"),
    ("「十二五」规划『重点』", "“十二五”规划‘重点’"),
    ("县,、自治县", "县、自治县"),
    ("结束,。", "结束。"),
    ("、、", "、"),
    ("。。", "。"),
    ("，，", "，"),
    ("真的？！", "真的？！"),
    ("等等...", "等等……"),
    ("等等。。。", "等等……"),
    ("等等……", "等等……"),
    ("研究---以美", "研究——以美"),
    ("论坛—振兴东北", "论坛——振兴东北"),
    ("他说\"好的\"", "他说“好的”"),
    ("2—3个", "2—3个"),
    ("5～10万元", "5～10万元"),
])
def test_rules(raw, expected):
    assert P(raw) == expected


def test_corner_quotes_kept_for_traditional_targets():
    assert clean("「規劃」", script="zh-TW") == "「規劃」"


def test_unpaired_marks_are_reported_not_guessed():
    result = clean_with_edits("这是（未闭合的括号，还有“引号。")
    assert result.text == "这是（未闭合的括号，还有“引号。"
    assert any("（" in w for w in result.warnings) and any("“" in w for w in result.warnings)


def test_paired_marks_give_no_warning():
    assert clean_with_edits("（一）“十二五”《规划》").warnings == []
