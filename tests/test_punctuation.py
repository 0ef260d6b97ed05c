from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnpolicytext import clean, clean_with_edits, get_normalizer
from cnpolicytext.normalizers.punctuation import unpaired_marks

from .conftest import example_params
from .strategies_runs import linking_dash

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
    ("论坛—振兴东北", "论坛—振兴东北"),
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


# -- dashes (§5, issue 12) --------------------------------------------------------------
@pytest.mark.parametrize("raw, expected", [
    ("研究--以美", "研究——以美"),
    ("研究---以美", "研究——以美"),
    ("研究－－以美", "研究——以美"),
    ("研究――以美", "研究——以美"),
    ("研究―以美", "研究——以美"),
    ("研究 -- 以美", "研究 —— 以美"),
    ("研究——以美", "研究——以美"),
    ("中国—东盟博览会", "中国—东盟博览会"),
    ("北京—上海高速铁路", "北京—上海高速铁路"),
    ("锂-亚硫酰氯电池", "锂-亚硫酰氯电池"),
    ("中国－中亚峰会", "中国－中亚峰会"),
    ("E--mail", "E--mail"),
    ("2009--2020", "2009--2020"),
])
def test_dash_runs_between_han_are_the_pozhehao_and_single_dashes_stay(raw, expected):
    assert P(raw) == expected


def test_a_single_dash_is_never_doubled_in_running_text():
    text = "积极参与中国—东盟自贸区建设，推动锂-亚硫酰氯电池研发。"
    assert clean(text) == text


def test_bullets_at_an_item_start_still_become_the_pozhehao():
    assert clean("主要任务如下：\n—电力\n-天然气") == "主要任务如下：\n——电力\n——天然气"


# -- runs of marks (issue 15: more than 32 ASCII marks after Han was not idempotent) ----
@pytest.mark.parametrize("n", [2, 33, 200])
def test_a_run_of_ascii_marks_after_han_converts_at_once(n):
    for marks in (",", ",;", "?!", ", ;"):
        raw = "重点" + marks * n + "任务"
        once = clean(raw)
        assert clean(once) == once
        assert not any(c in once for c in ",;?!")


def test_a_run_of_ascii_marks_in_latin_context_stays():
    assert P("a,,,,b") == "a,,,,b"


OLD_RUN = re.compile(r"[，、；：。！？](?:[ \u3000]*[，、；：。！？])+(?!(?:[一二三四五六七八九十]{1,3}[、.．,，]"
                     r"(?![一二三四五六七八九十])|[(（][一二三四五六七八九十]{1,3}[)）]|(?<![0-9.．])[0-9]{1,2}[、.．]"
                     r"(?![0-9])|[(（][0-9]{1,2}[)）]|[①-⑳⑴-⒇㈠-㈩]))")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["，", "、", "；", "。", "！", "？", " ", "1、", "（一）", "①", "字", "3.5"]),
                max_size=14))
def test_collapsing_runs_reads_each_run_once_and_gives_the_same_text(parts):
    """The possessive run pattern collapses exactly as the backtracking one it replaced."""
    from cnpolicytext.normalizers.punctuation import _RUN, _collapse, _collapse_marks

    text = "".join(parts)
    assert _RUN.sub(_collapse, text) == OLD_RUN.sub(lambda m: _collapse_marks(m.group()), text)


# -- unpaired marks, reported in one pass -----------------------------------------------
def _unpaired_by_repeated_removal(text):
    found = []
    for open_, close in (("（", "）"), ("“", "”"), ("《", "》"), ("‘", "’")):
        pair = re.compile(f"{open_}[^{open_}{close}\n]*{close}")
        rest = text
        while True:
            new = pair.sub("", rest)
            if new == rest:
                break
            rest = new
        found += [f"punctuation.unpaired: unpaired {open_}"] * rest.count(open_)
        found += [f"punctuation.unpaired: unpaired {close}"] * rest.count(close)
    return found


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("（）“”《》‘’字\n"), max_size=30))
def test_unpaired_marks_match_repeated_removal_of_innermost_pairs(text):
    assert unpaired_marks(text) == _unpaired_by_repeated_removal(text)


def test_deeply_nested_quotes_are_paired():
    assert unpaired_marks("“" * 16000 + "字" + "”" * 16000) == []
    assert unpaired_marks("“" * 3 + "\n" + "”") == ["punctuation.unpaired: unpaired “"] * 3 + \
        ["punctuation.unpaired: unpaired ”"]


# -- Markdown structure stays (§3a) -----------------------------------------------------
@pytest.mark.parametrize("line", [
    "---", "***", "- - -", "| 项目 | 金额 |", "|:---|---:|", "> 引用：原文如下", "<!-- INFO END -->",
    "<!--注释-->", "# 第一章 总则", "- 加强领导", "* 完善机制", "1. 强化考核",
])
def test_markdown_lines_keep_their_markup(line):
    doc = f"# 标题\n\n{line}\n\n正文。"
    assert P(doc) == doc


def test_a_markdown_link_keeps_its_brackets():
    doc = "# 标题\n\n详见[实施细则](附件1.md)和[说明](http://www.gov.cn/a)。"
    assert P(doc) == doc
    assert P("详见[实施细则](附件一)。") == "详见[实施细则]（附件一）。"  # not Markdown: a bracket


@settings(max_examples=100, deadline=None)
@given(linking_dash, st.sampled_from(["", "。", "，合作", "\n"]))
def test_a_linking_dash_survives_the_pipeline(words, after):
    out = clean("推进" + words + after)
    dash = next(c for c in words if c in "—-－–")
    assert dash in out and "——" not in out


# -- found by the fuzz target (tests/fuzz): cascades that outran the passes -------------
@pytest.mark.parametrize("raw", [
    "(" * 300 + "字",  # lone brackets, one converted per pass
    "字" + ")" * 300,
    "(," * 100 + "字",
    "-" + '"' * 95,  # a chain of empty quote pairs beside a bullet
    "'" * 40 + "發1、" + "'" * 40,  # single quotes nested around Han
])
def test_cascading_conversions_settle_in_one_clean(raw):
    once = clean(raw)
    assert clean(once) == once
    assert clean_with_edits(raw).verify()
