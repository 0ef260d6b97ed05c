"""Chinese numerals, dates and percentages (CONVENTIONS §7, issue 5)."""

from __future__ import annotations

from pathlib import Path

import cn2an
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cnpolicytext import Pipeline, clean, get_normalizer
from cnpolicytext.normalizers.numerals import default_lexicon

from .conftest import corpus_files, example_params

NUMERALS = get_normalizer("numerals")()
COUNTS = get_normalizer("numerals")(counts=True)
FIXED = [line for line in (Path(__file__).parent / "data" / "fixed_expressions.txt").read_text("utf-8").splitlines()
         if line.strip()]


@pytest.mark.parametrize("case", example_params("numerals"))
def test_shared_examples(case):
    assert clean(case["input"]) == case["expected"]


@pytest.mark.parametrize("raw, expected", [
    ("二○一○年四月二十九日", "2010年4月29日"),
    ("二〇二〇年", "2020年"),
    ("二零零八年五月十二日", "2008年5月12日"),
    ("二O一一年三月二日", "2011年3月2日"),
    ("十二月一日", "12月1日"),
    ("十月底", "十月底"),
    ("十月革命", "十月革命"),
    ("二三五年", "二三五年"),
    ("民国九十五年", "民国九十五年"),
    ("三分之一", "三分之一"),
    ("百分之五十二", "52%"),
    ("百分之十二点五", "12.5%"),
    ("百分之一百", "100%"),
    ("千分之三", "3‰"),
    ("增长百分之三十至四十", "增长30%至40%"),
    ("二〇二一年三月一日至五日举行", "2021年3月1日至5日举行"),
    ("一日至五日", "一日至五日"),
    ("百分之五到百分之十", "5%到10%"),
    ("百分之三十至四十个百分点", "30%至四十个百分点"),
    ("(2009-2020年)", "(2009—2020年)"),
    ("1999年~2005年", "1999年—2005年"),
    ("(20112015)", "(2011—2015)"),
    ("20112013年", "2011—2013年"),
    ("24327830", "24327830"),
    ("20152011年", "20152011年"),
    ("2—3个", "2—3个"),
    ("5～10万元", "5～10万元"),
    ("第十二个五年规划", "第十二个五年规划"),
    ("三个环节", "三个环节"),
])
def test_rules(raw, expected):
    assert NUMERALS(raw) == expected


@pytest.mark.parametrize("raw", [
    "增长百分之八九。",        # eight or nine per cent: no single value
    "约占百分之二十三四。",
    "千分之五六",
    "约占百分之十几。",        # an estimate: converting part of it would give 10%几
    "增长百分之五点几。",
    "高出百分之二十多",
    "大于五千分之一比例尺的地形图",  # a fraction, 1/5000: its denominator only ends in 千
    "不超过三百分之一",
    "农历八月十五日",          # another calendar's date keeps its Chinese numerals (GB/T 15835)
    "农历二○一○年四月二十九日",
    "民国九十五年三月一日",     # an era year stays, and so do the month and day that follow it
    "光绪三十年五月初一",
])
def test_numbers_without_one_arabic_value_stay(raw):
    """§7: nothing here ever changes the value of a number, and half a number converted is
    a new form that no reader wrote."""
    assert NUMERALS(raw) == raw


@pytest.mark.parametrize("raw, expected", [
    ("百分之三十至四十几", "30%至四十几"),
    ("百分之二十五", "25%"),
    ("每月抽出百分之十来维持", "每月抽出10%来维持"),  # 来 here is a verb, no estimate
    ("二〇二三年、二〇二四年两年", "2023年、2024年两年"),
    ("二〇二三年二〇二四年", "2023年2024年"),  # a year of our era before a date is no era year
    ("会议于二〇二〇年五月一日召开，十二月一日闭幕。", "会议于2020年5月1日召开，12月1日闭幕。"),
])
def test_exact_numbers_beside_those_rules_still_convert(raw, expected):
    assert NUMERALS(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("十五个", "15个"), ("一千二百万元", "1200万元"), ("三十项", "30项"),
    ("一个", "一个"), ("三四个", "三四个"), ("十多个", "十多个"), ("第三个", "第三个"),
    ("三个代表", "三个代表"), ("两批", "两批"),
])
def test_counts_option(raw, expected):
    assert COUNTS(raw) == expected


def test_fixed_expression_file_is_large_enough():
    assert len(FIXED) >= 100


@pytest.mark.parametrize("counts", [False, True])
def test_fixed_expressions_unchanged(counts):
    p = Pipeline.default(counts=counts)
    for expr in FIXED:
        for text in (expr, f"坚持{expr}，推动发展。"):
            assert p(text) == text, text


def test_user_can_protect_more():
    n = get_normalizer("numerals")(counts=True, protected=["十五个重点"])
    assert n("十五个重点项目") == "十五个重点项目"
    assert n("十五个项目") == "15个项目"


CONTEXT = st.sampled_from(["根据有关规定", "市政府于", "会议决定", "截至", "我市在", "（", "。", "，", "：", "\n"])


def render_year(year: int, zeros: list[str]) -> str:
    digits = "零一二三四五六七八九"
    out = []
    for i, d in enumerate(str(year)):
        out.append(zeros[i % len(zeros)] if d == "0" else digits[int(d)])
    return "".join(out)


def render_small(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=__import__("datetime").date(1949, 1, 1), max_value=__import__("datetime").date(2100, 12, 31)),
       st.lists(st.sampled_from(["○", "〇", "零", "O"]), min_size=1, max_size=3), CONTEXT, CONTEXT,
       st.sampled_from(["ymd", "ym", "y", "md"]))
def test_random_dates(date, zeros, before, after, form):
    y, m, d = render_year(date.year, zeros), render_small(date.month), render_small(date.day)
    cn = {"ymd": f"{y}年{m}月{d}日", "ym": f"{y}年{m}月", "y": f"{y}年", "md": f"{m}月{d}日"}[form]
    arabic = {"ymd": f"{date.year}年{date.month}月{date.day}日", "ym": f"{date.year}年{date.month}月",
              "y": f"{date.year}年", "md": f"{date.month}月{date.day}日"}[form]
    assert NUMERALS(before + cn + after) == before + arabic + after


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.integers(0, 1000).map(float),
                 st.decimals(min_value=0, max_value=999, places=1).map(float),
                 st.decimals(min_value=0, max_value=99, places=2).map(float)),
       st.sampled_from(["百分之", "千分之"]), CONTEXT, CONTEXT)
def test_random_percentages(value, kind, before, after):
    text = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    assume(not text.endswith(".0"))
    cn = cn2an.an2cn(text, "low")
    sign = "%" if kind == "百分之" else "‰"
    out = NUMERALS(before + kind + cn + after)
    assert out == before + text + sign + after
    # The value is never changed: cn2an reads the span the same.
    assert float(text) == cn2an.cn2an(cn, "normal")


def test_protected_counts_unchanged_on_the_corpus():
    t2s = Pipeline(["unicode", "script"])
    for path in corpus_files():
        raw = t2s(path.read_text(encoding="utf-8"))
        out = clean(raw)
        for expr in default_lexicon():
            assert raw.count(expr) == out.count(expr), (path.name, expr)


@pytest.mark.parametrize("text", [
    "详见http://www.gov.cn/zhengce/2020-2021/content.htm。",
    "文件2020-2021.pdf已上传。",
    "版本v2020-2021已发布。",
])
def test_year_ranges_inside_urls_and_names_stay(text):
    assert clean(text) == text


# -- user-protected expressions are checked on load (issue 15) -------------------------
@pytest.mark.parametrize("bad, error, message", [
    ("十一五", TypeError, "not one string"),
    ([""], ValueError, "expression 1 is empty"),
    (["十一五", "a\nb"], ValueError, "expression 2 holds a line break"),
    (["五" * 65], ValueError, "at most 64"),
    ([3], TypeError, "not text"),
    (5, TypeError, "not int"),
])
def test_bad_protected_lists_are_clear_errors_when_built(bad, error, message):
    with pytest.raises(error, match=message):
        get_normalizer("numerals")(protected=bad)


def test_protected_expressions_are_literal_text_not_patterns():
    # Pattern syntax means nothing here: '(a*)*b' protects that text only, and costs nothing.
    numerals = get_normalizer("numerals")(protected=["(a*)*b", "二○一○年四月二十九日起义"])
    assert numerals("a" * 5000 + "二○一○年四月二十九日起义") == "a" * 5000 + "二○一○年四月二十九日起义"
    assert numerals("二○一一年四月二十九日") == "2011年4月29日"


@pytest.mark.parametrize("raw, expected", [
    ("二〇二四—二〇二五年", "2024—2025年"),           # the first year has no 年 of its own
    ("二〇二四-二〇二五年行动计划", "2024—2025年行动计划"),  # and the range takes —
    ("二〇二四至二〇二五年", "2024至2025年"),          # 至 stays as written (§5)
    ("编号二〇二四—二〇二五", "编号二〇二四—二〇二五"),  # no 年: no year, no date
])
def test_a_year_range_in_chinese_numerals_converts_both_years(raw, expected):
    assert clean(raw) == expected


def test_a_title_in_book_title_marks_keeps_its_numerals():
    """§7: a title in 《》 is a proper name, the work's or the document's own; the same date
    outside it is converted."""
    title = "《关于二〇三五年远景目标和百分之十五增长的建议》"
    assert clean(f"会议审议通过{title}，到二〇三五年基本实现现代化。") == \
        f"会议审议通过{title}，到2035年基本实现现代化。"
    assert clean("他写了《一九七六年二月三日有感》。") == "他写了《一九七六年二月三日有感》。"
    # an unclosed 《 protects nothing far away, nor does a closed title what follows it
    assert clean("《规划》二〇二〇年十月底，百分之三十") == "《规划》2020年10月底，30%"
    assert clean("《" + "的" * 300 + "二〇二〇年》").endswith("2020年》")
    # a 《 that no title closes on its line, before a sentence end, protects nothing
    assert clean("见《规划。二〇二〇年十月一日，百分之三十》") == "见《规划。2020年10月1日，30%》"


def test_the_adverb_bai_fen_zhi_bai_di_keeps_its_chinese_numerals():
    # §7: an idiom keeps its numerals; 百分之百地 means "wholly", not a figure.
    assert clean("要百分之百地落实。") == "要百分之百地落实。"


@pytest.mark.parametrize("text, expected", [
    ("覆盖率达到百分之百。", "覆盖率达到100%。"),
    ("超过百分之五十不足百分之百的，处罚款。", "超过50%不足100%的，处罚款。"),
])
def test_one_hundred_percent_as_a_figure_still_converts(text, expected):
    assert clean(text) == expected


def test_a_percentage_right_after_another_converts_in_the_same_pass():
    """The numeral before 百分之 that makes 三百分之一 a fraction is matched, not looked
    behind at: after 百分之十二点五 its 五 is the first percentage's, and one pass reads the
    second as the next pass would."""
    assert NUMERALS("百分之十二点五百分之十二点五") == "12.5%12.5%"
    # a lone 一 before it ends a word, and is no denominator
    assert NUMERALS("统一百分之五的标准") == "统一5%的标准"
    assert NUMERALS("这一百分之百地落实") == "这一百分之百地落实"
