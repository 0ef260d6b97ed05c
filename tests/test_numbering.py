"""Numbering schemes and the outline (CONVENTIONS §6, issue 4)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnpolicytext import clean, get_normalizer, outline

from .conftest import corpus_doc, example_params
from .strategies_runs import note_reference

N = get_normalizer("numbering")()


@pytest.mark.parametrize("case", example_params("numbering"))
def test_shared_examples(case):
    assert clean(case["input"]) == case["expected"]


@pytest.mark.parametrize("raw, expected", [
    ("一.总则", "一、总则"), ("二．目标", "二、目标"), ("三,任务", "三、任务"),
    ("(一)指导思想", "（一）指导思想"), ("（二)原则", "（二）原则"), ("(三）目标", "（三）目标"),
    ("四)措施", "（四）措施"), ("(一)、总体要求", "（一）总体要求"),
    ("1、实施", "1.实施"), ("2．建设", "2.建设"), ("3,推进", "3.推进"),
    ("(1)加大", "（1）加大"), ("2)选育", "（2）选育"), ("③实施", "（3）实施"),
    ("—电力", "——电力"), ("-天然气", "——天然气"), ("●水利", "——水利"), ("·节能", "——节能"),
    ("、1、实施项目", "1.实施项目"), ("6、、1、指导思想", "1.指导思想"),
    ("第一章 总则", "第一章\u3000总则"), ("第一部分 总体要求", "第一部分总体要求"),
])
def test_marker_variants_to_standard_form(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize("text", [
    "一是加强领导，二是完善机制，三是强化考核。",
    "第一，加强领导；第二，完善机制。",
    "增长1.5%，其中2.1%来自新兴产业。",
    "规划期为（2009—2020年）。",
    "研究与试验发展（R&D）经费。",
    "建设1、2号厂房。",
])
def test_no_marker_inside_a_sentence(text):
    assert "\n" not in clean(text)


def test_marker_after_sentence_end_starts_its_line():
    expected = "部署如下。\n（一）加强领导。\n（2）完善机制；\n（3）强化考核"
    assert clean("部署如下。(一)加强领导。②完善机制；③强化考核") == expected


def test_outline_warnings_for_gaps_and_restarts():
    tree = outline("一、总则\n（一）目的\n（二）范围\n（四）定义\n二、分则\n三、附则\n三、附录")
    assert any("gap" in w and "（四）" in w for w in tree.warnings)
    assert any("repeat" in w for w in tree.warnings)
    assert [h.title for h in tree.headings] == ["总则", "分则", "附则", "附录"]


def test_outline_spans_point_into_raw_and_clean_text():
    raw = "  (一)以企業為主體, 市場為導向。\n二. 基本原則"
    tree = outline(raw)
    first = tree.headings[0]
    assert first.style == "chinese_bracketed" and first.level == 1 and first.title == "以企业为主体，市场为导向"
    rs, re_ = first.raw_span
    assert raw[rs:re_].lstrip().startswith("(一)以企業") and raw[rs:re_].endswith("導向")
    assert first.written == "(一)" and first.marker == "（一）"
    second = tree.headings[0].children[0]  # the level of a style is the order of its first use
    assert second.level == 2 and second.style == "chinese" and second.title == "基本原则"


@pytest.mark.parametrize("prefix, titles, children", [
    ("000", ["指导思想、基本原则和目标", "重点任务", "保障措施"], [3, 5, 7]),
    ("001", ["指导思想", "基本原则", "目标任务", "进度安排", "保障措施"], [0, 5, 3, 3, 8]),
    ("003", ["建设自主创新体系的重要性和紧迫性", "建设自主创新体系的总体要求", "培育壮大自主创新主体",
             "丰富发展自主创新载体", "自主创新的重点任务", "完善自主创新机制", "保障措施"], [0, 3, 3, 6, 6, 5, 5]),
    ("004", ["实现产学研工作的新突破", "开拓创新型城市建设的新局面", "取得创新创业环境建设的新进展"], [0, 0, 0]),
])
def test_corpus_outlines(prefix, titles, children):
    tree = outline(corpus_doc(prefix))
    assert [h.title for h in tree.headings] == titles
    assert [len(h.children) for h in tree.headings] == children
    # No in-sentence enumeration became a heading.
    assert not any(h.title.startswith(("是", "，")) for h in tree.walk())


def test_outline_json_round_trips():
    tree = outline("一、总则\n（一）目的")
    data = json.loads(json.dumps(tree.to_dict(), ensure_ascii=False))
    assert data["headings"][0]["children"][0]["title"] == "目的"


# -- property: random outlines rendered with random marker variants -------------------
CN = "一二三四五六七八九十"
VARIANTS = {
    "chinese": [lambda n: f"{CN[n - 1]}、", lambda n: f"{CN[n - 1]}.", lambda n: f"{CN[n - 1]}．"],
    "chinese_bracketed": [lambda n: f"（{CN[n - 1]}）", lambda n: f"({CN[n - 1]})", lambda n: f"（{CN[n - 1]})",
                          lambda n: f"({CN[n - 1]}）"],
    "arabic": [lambda n: f"{n}.", lambda n: f"{n}、", lambda n: f"{n}．"],
    "arabic_bracketed": [lambda n: f"（{n}）", lambda n: f"({n})", lambda n: "①②③④⑤⑥⑦⑧⑨⑩"[n - 1]],
}
STANDARD = {"chinese": lambda n: f"{CN[n - 1]}、", "chinese_bracketed": lambda n: f"（{CN[n - 1]}）",
            "arabic": lambda n: f"{n}.", "arabic_bracketed": lambda n: f"（{n}）"}
STYLES = list(STANDARD)
TITLES = ["加强组织领导", "完善工作机制", "强化考核督查", "加大资金投入", "优化发展环境", "推进科技创新",
          "建设人才队伍", "深化体制改革"]
BODIES = ["各单位要高度重视。", "要建立健全长效机制，确保落到实处。", "市科技局负责统筹协调。"]

tree_strategy = st.recursive(
    st.just([]),
    lambda children: st.lists(children, min_size=1, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(tree_strategy.filter(bool), st.randoms(use_true_random=False), st.booleans())
def test_random_outline_is_restored_and_recovered(tree, rnd, flattened):
    lines: list[str] = []
    clean_lines: list[str] = []
    expected: list[tuple[int, str, int, str]] = []

    def render(nodes, level):
        for i, sub in enumerate(nodes[:10], start=1):
            style = STYLES[level - 1]
            title = rnd.choice(TITLES)
            body = rnd.choice(BODIES)
            marker = rnd.choice(VARIANTS[style])(i)
            if rnd.random() < 0.5:
                lines.append(f"{marker}{title}")
                lines.append(body)
                clean_lines.extend([f"{STANDARD[style](i)}{title}", body])
            else:
                lines.append(f"{marker}{title}。{body}")
                clean_lines.append(f"{STANDARD[style](i)}{title}。{body}")
            expected.append((level, style, i, title))
            if level < 4:
                render(sub, level + 1)

    render(tree, 1)
    raw = (" " if flattened else "\n").join(lines)
    assert clean(raw) == "\n".join(clean_lines)
    got = [(h.level, h.style, h.number, h.title) for h in outline(raw).walk()]
    assert got == expected


def test_002_outline_warns_about_a_style_at_two_levels():
    tree = outline(corpus_doc("002"))
    assert any("restart" in w and "two levels" in w for w in tree.warnings)
    assert any("gap" in w for w in tree.warnings)


def test_outline_cli(tmp_path):
    import subprocess
    import sys

    from .conftest import ROOT

    src = tmp_path / "doc.txt"
    src.write_text("一.总则\n(一)目的\n(三)范围\n二.分则", encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT / "src")}
    r = subprocess.run([sys.executable, "-m", "cnpolicytext", "outline", str(src)], capture_output=True,
                       env={**__import__("os").environ, **env}, timeout=60)
    assert r.returncode == 0
    assert r.stdout.decode("utf-8").splitlines() == ["一、总则", "  （一）目的", "  （三）范围", "二、分则"]
    assert "gap" in r.stderr.decode("utf-8")
    r = subprocess.run([sys.executable, "-m", "cnpolicytext", "outline", "--json", str(src)], capture_output=True,
                       env={**__import__("os").environ, **env}, timeout=60)
    data = json.loads(r.stdout)
    assert data["headings"][0]["written"] == "一." and data["headings"][0]["children"][1]["number"] == 3


def test_a_line_starting_with_a_negative_number_is_no_bullet():
    assert clean("-5%的降幅") == "-5%的降幅"


@pytest.mark.parametrize("raw, expected", [
    ("㈠加强领导。㈡完善机制", "（一）加强领导。\n（二）完善机制"),
    ("⑴明确责任；⑵强化考核。", "（1）明确责任；\n（2）强化考核。"),
])
def test_parenthesized_characters_are_markers(raw, expected):
    assert clean(raw) == expected
    assert next(h.style for h in outline(raw).walk()) in ("chinese_bracketed", "arabic_bracketed")


# -- circled numbers: item markers or note references (§6, issue 12) -------------------
@pytest.mark.parametrize("text", [
    "国务院关于加强管理的决定。①",
    "国务院关于加强管理的决定①。",
    "依据如下：①",
    "见《决定》①，要求各地执行。",
    "要求各地执行。\n①",
    "①\n正文从这里开始。",
])
def test_a_circled_number_that_closes_a_sentence_is_a_note_reference(text):
    assert N(text) == text


@pytest.mark.parametrize("raw, expected", [
    ("部署如下：①加强领导；②完善机制。", "部署如下：\n（1）加强领导；\n（2）完善机制。"),
    ("各地执行。①加强领导", "各地执行。\n（1）加强领导"),
    ("①加强领导\n②完善机制", "（1）加强领导\n（2）完善机制"),
])
def test_a_circled_number_that_opens_an_item_is_a_marker(raw, expected):
    assert N(raw) == expected


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["加强领导", "国务院关于加强管理的决定", "按规定执行"]),
       st.sampled_from("①②③④⑤⑥⑦⑧⑨⑩"), st.sampled_from(["。{c}", "{c}。", "{c}，", "：{c}", "！{c}"]),
       st.sampled_from(["", "\n", "\n\n下一段。"]))
def test_note_references_stay_wherever_they_close_a_sentence(before, circled, shape, after):
    text = before + shape.format(c=circled) + after
    assert N(text) == text


# -- brackets: a repair never adds one (issue 12) ---------------------------------------
@pytest.mark.parametrize("raw, expected", [
    ("（\n三）加强领导", "（三）加强领导"),
    ("要求如下（\n三）加强领导", "要求如下（三）加强领导"),
    ("各地执行。(\n1)推进改革", "各地执行。\n（1）推进改革"),
    ("（ \n 二）完善机制", "（二）完善机制"),
])
def test_an_opening_bracket_split_from_its_marker_is_one_marker(raw, expected):
    assert clean(raw) == expected
    assert clean(raw).count("（") == raw.count("（") + raw.count("(")


def test_a_bracket_less_marker_still_gets_its_standard_form():
    assert clean("加强领导。\n三）完善机制") == "加强领导。\n（三）完善机制"


# -- Markdown lines keep their markers and their line (§3a) ----------------------------
@pytest.mark.parametrize("line", [
    "- 加强领导", "* 完善机制", "1. 强化考核", "2) 推进改革", "| 完成。(一)加强 | 说明。1、内容 |",
    "# 总则。一、目的", "> 部署如下。一、加强领导", "---", "<!-- 注释。一、说明 -->",
])
def test_markdown_structure_is_left_alone(line):
    doc = f"# 标题\n\n{line}\n\n正文。"
    assert N(doc) == doc


def test_outside_markdown_a_dash_item_is_a_bullet():
    assert N("工作任务\n-加强领导") == "工作任务\n——加强领导"
    assert N("# 标题\n\n-加强领导") == "# 标题\n\n——加强领导"  # no space: not a Markdown list item


@settings(max_examples=100, deadline=None)
@given(note_reference)
def test_a_note_reference_survives_the_pipeline(text):
    circled = next(c for c in text if "①" <= c <= "⑳")
    assert circled in clean(text)


def test_a_circled_number_alone_in_its_paragraph_is_a_note_reference():
    # A transcribed report numbers its notes after the quotations they source: one per
    # paragraph, after the full stop or closing quote, with the text going on after it.
    text = ("这是人民群众自己创造的。①毫无疑义，我们要坚持这一点。\n"
            "马克思说：“哲学家们只是用不同的方式解释世界。”②问题在于改变世界。")
    assert clean(text) == text
    # One alone is no evidence of numbered notes: after a full stop it opens an item (§6).
    assert clean("各地执行。①加强领导") == "各地执行。\n（1）加强领导"
    # Items come in runs: two circled numbers in one line after full stops are items.
    assert clean("部署如下。①加强领导。②完善机制。") == "部署如下。\n（1）加强领导。\n（2）完善机制。"
    assert clean("部署如下：①加强领导。") == "部署如下：\n（1）加强领导。"  # after ：, one is enough


def test_a_line_ending_in_a_note_reference_ends_its_paragraph():
    assert clean("依照有关决定执行。①\n会议强调，要抓好落实。") == "依照有关决定执行。①\n会议强调，要抓好落实。"


def test_references_to_a_list_of_notes_stay_and_the_notes_keep_their_numbers():
    # Two references in one paragraph (so no "one per paragraph" evidence), but the notes
    # are listed at the end: each reference matches a note, and neither is an item.
    text = ("社会主义是人民群众自己创造的。①毫无疑义，我们要坚持。又说要有新的语言”。②毛泽东同志也指出这一点。\n"
            "注：\n①某某：《关于某问题的报告》。\n②某某：《某某文集》第3卷。")
    assert clean(text) == text
    # Notes numbered ⑴ ⑵ are listed so too: a note keeps its ⑵, so that its reference
    # still matches it (written ⑵ → （2）, the reference stopped being one the next time).
    parenthesized = text.replace("①", "⑴").replace("②", "⑵")
    assert clean(parenthesized) == parenthesized
    assert clean(clean("：（一）？⑵（一）\n\n⑵字字字")) == clean("：（一）？⑵（一）\n\n⑵字字字")


@pytest.mark.parametrize("text", [
    "法院判决：一、被告于十日内交付房屋。二、被告支付违约金。三、驳回其余请求。",
    "收入情况如下：（一）税收十亿元。（二）企业收入五亿元。（三）其他收入。此外，还有结余。",
    "基本原则是：（1）坚持节约。（2）坚持市场调节。",
    "要求如下：1.按时报送。2.如实填写。",
])
def test_a_list_a_sentence_introduces_inline_stays_in_its_paragraph(text):
    """Its first item follows the colon on the lead-in's line; breaking before the later ones
    would leave the first behind and hang the closing words on the last (§4: as written)."""
    out = clean(text)
    assert "\n" not in out
    assert out.replace("（1）", "(1)").replace("（2）", "(2)") == \
        text.replace("（1）", "(1)").replace("（2）", "(2)")


def test_items_after_a_sentence_end_without_a_colon_lead_still_start_their_line():
    assert clean("工作要点如下。一、加强领导。二、完善制度。") == "工作要点如下。\n一、加强领导。\n二、完善制度。"


def test_an_inline_list_ends_at_a_line_break_and_at_a_number_out_of_sequence():
    # After the line break a new list starts: its items are headings again.
    assert clean("任务是：一、加强领导。二、完善制度。\n二、保障措施。（一）细则。（二）要求。") == \
        "任务是：一、加强领导。二、完善制度。\n二、保障措施。\n（一）细则。\n（二）要求。"
    # 三、 does not go on from 一、: it is no item of the inline list.
    assert clean("任务是：一、加强领导。三、完善制度。") == "任务是：一、加强领导。\n三、完善制度。"


def test_circled_items_after_a_colon_still_open_their_own_lines():
    """§6 says so for ①…⑳ after ；：, and the inline-list rule keeps them consistent."""
    assert clean("措施如下：①加强领导；②完善制度。③强化考核。") == \
        "措施如下：\n（1）加强领导；\n（2）完善制度。\n（3）强化考核。"


def test_a_malformed_chinese_numeral_after_a_colon_opens_no_list():
    # 一五十 is no number: no inline list, so 二、 is an item of its own (and nothing raises).
    assert clean("说明：一五十、未知。二、其次。") == "说明：一五十、未知。\n二、其次。"


def test_the_outline_skips_a_run_of_numerals_that_writes_no_number():
    tree = outline("一五十、不是标题\n二、标题")
    assert [h.title for h in tree.walk()] == ["标题"]


def test_a_closing_bracket_that_closes_the_line_befores_bracket_is_no_marker():
    """（PM⏎10⏎）治理: 10） is the end of the bracket opened above (a broken-out subscript),
    not an item marker (10）→（10） would add a bracket the text never had)."""
    out = clean("加强细颗粒物（PM\n10\n）治理，改善空气质量。")
    assert out.count("（") == 1 and out.count("）") == 1 and "（10）" not in out
    # the line above may close a bracket of its own before it opens the one 2） closes
    out = clean("臭氧浓度（O\n3）和二氧化氮（NO\n2）浓度下降。\n（1）加强监测。")
    assert "（2）" not in out and out.count("（") == out.count("）") == 3
    # a bracket-less marker after a closed line is still one
    assert clean("工作如下：\n1)加强领导。\n2)完善制度。") == "工作如下：\n（1）加强领导。\n（2）完善制度。"


@pytest.mark.parametrize("text", [
    "（1）加强领导\n①成立领导小组；\n②明确责任分工。\n（2）完善机制",
    "(1)加强领导\n①成立领导小组。",
    "⑴加强领导\n①成立领导小组。",
])
def test_circled_numbers_under_bracketed_ones_keep_their_own_level(text):
    # §6: a style's level is the order of its first use. Where （1） and ① both open lines,
    # ① is the level below, and rewritten to （1） it would read as the level above.
    out = clean(text)
    assert "①" in out and "（1）成立" not in out


def test_circled_numbers_alone_still_take_the_standard_form():
    assert clean("①成立领导小组；\n②明确责任分工。") == "（1）成立领导小组；\n（2）明确责任分工。"


@pytest.mark.parametrize("raw, expected", [
    ("（1）加强领导\n②完善机制\n（3）强化考核", "（1）加强领导\n（2）完善机制\n（3）强化考核"),
    ("1.总则\n（1）加强领导\n2.任务\n①完善机制", "1.总则\n（1）加强领导\n2.任务\n（1）完善机制"),
])
def test_circled_numbers_along_one_count_are_variants_of_that_level(raw, expected):
    # Only a count that opens (①) right under an item of another form is a level of its own.
    assert clean(raw) == expected


@pytest.mark.parametrize("raw", [
    "白求恩同志、玛丽\n·居里等科学家，都是我们学习的楷模。",
    "各地积极探索，形成了不少好的举措\n—以某省为例，成效明显。",
])
def test_a_bullet_mark_that_goes_on_a_broken_sentence_stays(raw):
    # The line above stops mid-sentence: the mark is a name's middle dot or a dash, no bullet.
    assert clean(raw) == raw


def test_bullets_after_a_line_that_introduces_them_take_the_standard_form():
    assert clean("主要措施包括\n·加强领导\n·完善机制") == "主要措施包括\n——加强领导\n——完善机制"
    assert clean("具体如下：\n—加强领导；\n—完善机制。") == "具体如下：\n——加强领导；\n——完善机制。"
