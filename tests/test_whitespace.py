from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnpolicytext import Pipeline, clean, get_normalizer
from cnpolicytext.chars import SPACE_CHARS
from cnpolicytext.normalizers import whitespace as ws

from .conftest import example_params

WS = get_normalizer("whitespace")()
PARA = get_normalizer("paragraphs")()


@pytest.mark.parametrize("case", example_params("whitespace"))
def test_shared_examples(case):
    assert clean(case["input"]) == case["expected"]


@pytest.mark.parametrize("raw, expected", [
    ("工 业化", "工业化"),
    ("通     知", "通知"),
    ("“十二五 ”", "“十二五”"),
    ("（ 一 ）", "（一）"),
    ("2007 年", "2007年"),
    ("在 4 家", "在4家"),
    ("IT 市场", "IT市场"),
    ("二连浩特 IT 市场", "二连浩特IT市场"),
    ("科\u3000技\u00a0创\t新", "科技创新"),
    ("Open Source 软件", "Open Source软件"),
    ("（Open Source）", "（Open Source）"),
    ("3523 1170", "3523 1170"),
    ("  \u3000\u3000缩进的段落  ", "缩进的段落"),
    ("第一段\n\n\n第二段\n", "第一段\n第二段"),
    ("第四节 科技经费", "第四节\u3000科技经费"),
    ("第十二条   附则", "第十二条\u3000附则"),
    ("第四节科技经费", "第四节科技经费"),
])
def test_rules(raw, expected):
    assert WS(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("基础。 一、实现突破", "基础。\n一、实现突破"),
    ("决策支持。 推进大学科技城建设。", "决策支持。\n推进大学科技城建设。"),
    ("他说：“好。” “下一句”", "他说：“好。”\n“下一句”"),
    ("一、实现产学研工作的新突破 科技创新的最终目标", "一、实现产学研工作的新突破\n科技创新的最终目标"),
    ("（二）基本原则 坚持创新", "（二）基本原则\n坚持创新"),
    ("抓好落实。 一是加强统筹协调。", "抓好落实。\n一是加强统筹协调。"),
    ("有关单位； 请按时报送", "有关单位； 请按时报送"),
    ("一、加快建设“十二五” 期间", "一、加快建设“十二五” 期间"),
    ("增长 1.5 个百分点", "增长 1.5 个百分点"),
    # A law flattened into one line: its first article opens a line after the chapter's heading.
    ("第一章 总则 第一条 为了规范管理，制定本办法。", "第一章 总则\n第一条 为了规范管理，制定本办法。"),
    ("依照本法第二章 第五条 规定处理。", "依照本法第二章 第五条 规定处理。"),
    ("第二章 总则第五条规定。", "第二章 总则第五条规定。"),
    # A flattened list whose markers have a space after them.
    ("附件 1. 申请书 2. 汇总表", "附件\n1. 申请书\n2. 汇总表"),
    ("附件：1. 申请书 2. 汇总表", "附件：1. 申请书\n2. 汇总表"),
    ("给予警告; (二)情节较重的", "给予警告;\n(二)情节较重的"),  # the ; that punctuation makes ；
    # ... but a number that a reference points to is no item's marker
    ("详见附件 2. 相关表格另行下发。", "详见附件 2. 相关表格另行下发。"),
    ("具体见表 3. 各地按表填报。", "具体见表 3. 各地按表填报。"),
])
def test_flattened_paragraphs(raw, expected):
    assert PARA(raw) == expected


def test_space_after_semicolon_is_stray_not_a_break():
    assert clean("有关单位； 请按时报送") == "有关单位；请按时报送"


def test_indent_option_restores_gbt9704_layout():
    p = Pipeline.default(indent=True)
    assert p("第一段。\n第二段。") == "\u3000\u3000第一段。\n\u3000\u3000第二段。"
    assert p(p("第一段。\n第二段。")) == p("第一段。\n第二段。")


def test_bullets_start_a_line_in_flattened_text_but_a_dash_in_a_sentence_stays():
    assert clean("主要内容。 ——电力。 —水利。") == "主要内容。\n——电力。\n——水利。"
    assert clean("研究 —— 以美国为例。") == "研究——以美国为例。"


def test_a_space_after_a_full_stop_before_han_is_a_paragraph_break_in_flattened_text():
    # §3: in a text flattened into one line (or a line holding several paragraphs) the space
    # is the break ...
    assert clean("第一段。 第二段。 第三段。") == "第一段。\n第二段。\n第三段。"
    assert clean("第一段。\n加强领导。 完善机制。 强化考核。") == "第一段。\n加强领导。\n完善机制。\n强化考核。"
    # ... but one such space in a document laid out one paragraph per line is a stray space,
    # like those after its commas: the paragraph stays whole (§4, first do no harm).
    laid_out = ("各地区要加强领导， 完善机制。\n本办法自发布之日起施行。 过去的规定与本办法不一致的，"
                "以本办法为准。\n特此通知。")
    assert clean(laid_out) == ("各地区要加强领导，完善机制。\n本办法自发布之日起施行。过去的规定与本办法不一致的，"
                               "以本办法为准。\n特此通知。")


# -- linear time (issue 15): every pattern of the layout steps on long adversarial runs -----
ADVERSARIAL = {
    "han and spaces": "字 " * 50_000,
    "line-edge spaces": "字" + " " * 100_000 + "字",
    "stray spaces": "a" + " " * 100_000 + "b",
    "latin words": "中文 " + "policy text word " * 6_000 + " 中文",
    "inline page counter": "第1页" + " " * 100_000 + "x",
    "ideographic spaces": "第一章" + "\u3000" * 100_000 + "总则",
    "marks and spaces": "，" + " ，" * 50_000,
}


def _patterns():
    import regex

    from cnpolicytext import layout
    from cnpolicytext.normalizers import pagebreak, whitespace

    for module in (layout, pagebreak, whitespace):
        for name, value in vars(module).items():
            if isinstance(value, regex.Pattern):
                yield f"{module.__name__}.{name}", value
    yield "pagebreak._candidate_pattern", pagebreak._candidate_pattern()


@pytest.mark.parametrize("case", list(ADVERSARIAL))
def test_no_pattern_of_the_layout_steps_is_quadratic(case):
    # Not a timing test: a quadratic pattern needs minutes on 100 KB, far past the timeout.
    text = ADVERSARIAL[case]
    for name, pattern in _patterns():
        try:
            pattern.findall(text, timeout=5)
        except TimeoutError:  # pragma: no cover - the failure being guarded against
            pytest.fail(f"{name} is not linear on {case}")


@pytest.mark.parametrize("case", list(ADVERSARIAL))
def test_layout_steps_finish_on_adversarial_input(case):
    from cnpolicytext import Pipeline

    steps = Pipeline(["paragraphs", "pagebreak", "whitespace"])
    assert isinstance(steps.clean(ADVERSARIAL[case]), str)


def test_a_list_numbered_one_item_per_line_keeps_its_serial_numbers_apart():
    """Closed up, 34 矿泉水 would read as a count; a list's own form stays (§4)."""
    listing = "矿种目录\n1 煤\n2 石油\n3 天然气\n4 铀"
    assert clean(listing) == listing
    # one number alone at a line start is no list: the space goes as any space before Han
    assert clean("共有\n2 名代表参加会议。") == "共有\n2名代表参加会议。"


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from(SPACE_CHARS + "\n\r\x0b\x0c\x85\u2028\u2029a中。"), max_size=40))
def test_stripped_lines_are_the_line_edge_pattern_removed(text):
    # Without tracking the line edges go by str.strip; with it, by the pattern that reports them.
    assert ws._strip_lines(text) == ws._LINE_EDGES.sub("", text)


@pytest.mark.parametrize("text", [
    "# 流程\n1) 网上申报；\n2) 材料初审。",
    "# 清单\n- 一级事项\n  - 二级事项\n    1. 三级事项",
    "# 代码\n```\ndef f():\n    return 1\n```",
])
def test_markdown_list_markers_nesting_and_code_indentation_stay(text):
    # §3a: Markdown structure is no noise: a `1) ` item's marker, a nested item's
    # indentation and the indentation inside a fenced block are all structure.
    assert clean(text) == text


@pytest.mark.parametrize("kept", [
    "> 本指南适用于第二版。\n\n本平台由县数据中心负责运维。",    # else the text goes on inside the quote
    "- 支持主流浏览器\n\n以上浏览器均需开启脚本。",              # ... inside the item
    "| 参数 | 说明 |\n|---|---|\n| page | 页码 |\n\n以上参数均为可选。",  # ... as a row of the table
    "每分钟最多调用六十次。\n\n---",                             # ... else a heading over ---
    "> 引文一\n\n| 参数 | 说明 |\n|---|---|",                       # a quote, then a table
])
def test_a_blank_line_that_markdown_reads_stays(kept):
    """§3a: in a Markdown document a blank line after a block quote, a list item or a table
    row, and one before ---, says where the quote, the item, the table or the paragraph
    ends: removed, CommonMark reads the next line into it. One blank line stays there; the
    others go as ever."""
    text = f"# 说明\n{kept}"
    assert clean(text) == text
    assert clean(text.replace("\n\n", "\n\n\n")) == text
    # written without the blank line, the text is as its writer meant it and stays
    plain = kept.replace("\n\n", "\n")
    assert clean(f"# 说明\n{plain}") == f"# 说明\n{plain}"


def test_the_tabs_of_a_table_pasted_as_text_stay():
    """Two lines or more with as many tabs each, and no sentence mark, are a table's rows:
    closed up, 地区⇥人口 would read as one word. A tab in a sentence is a stray space."""
    table = "地区\t人口\n青川县\t21.36\n剑阁县\t65.2"
    assert clean(table) == table
    assert clean("各级\t人民政府要加强领导。\n各单位\t要落实。") == "各级人民政府要加强领导。\n各单位要落实。"
    assert clean("地区\t人口\n说明如下") == "地区人口\n说明如下"


def test_an_items_own_paragraph_stays_in_the_item_and_the_text_after_it_outside():
    """A paragraph indented under an item is the item's: without its indentation it stays in
    the item once its blank line goes too (lazy continuation), and the blank line after it
    stays, so the text that follows is still outside the item; cleaning again keeps both."""
    text = "# 通知\n\n1. 第一项\n\n  第一项的说明\n\n正文。"
    out = clean(text)
    assert out == "# 通知\n1. 第一项\n第一项的说明\n\n正文。"
    assert clean(out) == out


def test_blank_lines_between_markdown_items_and_paragraphs_go():
    text = "# 说明\n\n- 第一项\n\n- 第二项\n\n正文一。\n\n正文二。\n\n## 附则"
    assert clean(text) == "# 说明\n- 第一项\n- 第二项\n\n正文一。\n正文二。\n## 附则"


def test_indentation_outside_markdown_structure_still_goes():
    assert clean("# 代码\n```\n    x = 1\n```\n  正文缩进。") == "# 代码\n```\n    x = 1\n```\n正文缩进。"
    assert clean("清单：\n  各单位要高度重视。") == "清单：\n各单位要高度重视。"


def test_a_numbered_item_with_a_short_second_field_is_not_split_as_a_heading():
    # "1、张建华 市发展改革委主任": a name and a post on one item's line; what follows the space
    # is no paragraph (short, no pause), so the line stays one line.
    out = clean("1、张建华 市发展改革委主任\n2、刘晓燕 市财政局局长\n3、陈志明 市自然资源局局长")
    assert out.count("\n") == 2
    # a heading flattened with its paragraph still splits
    assert clean("一、总体要求 全市科技工作要坚持自主创新，力争到2015年实现目标。") == \
        "一、总体要求\n全市科技工作要坚持自主创新，力争到2015年实现目标。"


def test_a_heading_in_two_parts_on_its_own_line_is_not_split():
    # "二、深化改革开放　增强发展活力": two parallel phrases, one heading, as work reports write
    # them. The second phrase ends the line as written: no paragraph runs on after it.
    report = ("一、坚持稳中求进　推动高质量发展\n过去一年，经济运行总体平稳。\n"
              "二、深化改革开放　增强发展活力\n营商环境不断优化。")
    out = clean(report)
    assert out.count("\n") == 3
    assert [line.replace("\u3000", "") for line in out.split("\n")] == report.replace("\u3000", "").split("\n")
    # a heading run in with a short body: one space, phrases of unlike length, or a next
    # line that goes on with the sentence; the body opens its own line as ever
    assert clean("三、联系方式 联系人张某某\n电话：0123-4567890") == "三、联系方式\n联系人张某某\n电话：0123-4567890"
    assert clean("一、工作回顾　成绩来之不易的五年\n过去五年，经济平稳。").startswith("一、工作回顾\n")
    assert clean("（一）加强组织领导　各地要高度重视\n，把此项工作列入议事日程。") == \
        "（一）加强组织领导\n各地要高度重视，把此项工作列入议事日程。"
    # flattened, a heading's short body still opens its own line
    flattened = "一、总体要求 坚持稳中求进。 二、深化改革开放 增强发展活力 三、保障民生 促进社会和谐。"
    assert clean(flattened).split("\n") == ["一、总体要求", "坚持稳中求进。", "二、深化改革开放", "增强发展活力",
                                           "三、保障民生", "促进社会和谐。"]


@pytest.mark.parametrize("text", [
    "联系人：王某 电话：0123-4567890",
    "时间：2024年5月6日 地点：县政府会议室 主持：李某某",
    "出席：张三 李四 王五",
    "列席人员：张某某 李某某",
    "电话：2123 4567 传真：2123 7654",
    "出席：张某某\u3000李某某\u3000王某某",
    "抄送：市委办公室 市人大办公室",
    "示范市科学技术局  示范市财政局",
    "示范市教育局 示范市财政局 示范市人力资源和社会保障局",
])
def test_the_spaces_between_the_fields_of_a_line_stay(text):
    # Closed up, 王某电话 reads as a name, and two issuers as one body (§4).
    assert clean(text) == text


@pytest.mark.parametrize("text, expected", [
    ("加快 推进 高质量 发展", "加快推进高质量发展"),  # no key: a letter-spaced phrase
    ("地址：示范市 人民路12号", "地址：示范市人民路12号"),  # a stray space inside one value
    ("联 系人：王某", "联系人：王某"),
    ("会议由副市长 李某某主持。", "会议由副市长李某某主持。"),
    ("经济，发展 来源：网络", "经济，发展来源：网络"),  # a pause: no label's value before it
    ("示范市人民政府 办公室", "示范市人民政府办公室"),  # 办公室 alone: the rest of one name
    ("示范市卫生健康委 员会", "示范市卫生健康委员会"),
    ("会议主题：深化 改革 促进 发展", "会议主题：深化改革促进发展"),  # a key that lists nothing
])
def test_stray_spaces_beside_fields_still_close_up(text, expected):
    assert clean(text) == expected
