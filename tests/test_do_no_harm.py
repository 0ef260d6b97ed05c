"""First, do no harm (CONVENTIONS §3a, §4; issue 10): clean text comes out as it went in.

A document assembled from clean parts — headings of every style, Markdown headings and
lists, label and contact blocks, dates, signatures, paragraphs of any length — laid out
with or without blank lines between its paragraphs, is a fixed point of ``clean`` (up to the
blank lines, which the clean form does not have). Then one regression test for each kind
of harm seen on real corpora, on text written for these tests, and idempotence on every
document of ../shared/corpus-dev.
"""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cnpolicytext import Pipeline, clean, clean_with_edits
from cnpolicytext.layout import INNER_PUNCT, Layout, display_width, stands_alone

from .conftest import SHARED

WORDS = ["加强", "管理", "推进", "科技", "创新", "发展", "企业", "建设", "服务", "完善", "机制", "体系",
         "工作", "规划", "实施", "项目", "支持", "提升", "能力", "水平", "保障", "措施", "组织", "人才",
         "资金", "政策", "环境", "生态", "城市", "农村", "产业", "经济", "社会", "文化", "教育", "质量",
         "2025年", "15个", "3.5%", "“双创”", "《实施意见》", "（试行）"]
NUMERALS = "一二三四五六七八九十"

word = st.sampled_from(WORDS)
title = st.lists(st.sampled_from(WORDS[:36]), min_size=1, max_size=6).map("".join)


@st.composite
def sentence(draw) -> str:
    clauses = draw(st.lists(st.lists(word, min_size=1, max_size=8).map("".join), min_size=1, max_size=5))
    pauses = draw(st.lists(st.sampled_from("，，，、；"), min_size=len(clauses) - 1, max_size=len(clauses) - 1))
    body = clauses[0] + "".join(p + c for p, c in zip(pauses, clauses[1:], strict=True))
    return body + draw(st.sampled_from("。。。！？"))


paragraph = st.lists(sentence(), min_size=1, max_size=6).map("".join)
index = st.integers(1, 10)
heading = st.one_of(
    st.builds(lambda i, t: f"{NUMERALS[i - 1]}、{t}", index, title),
    st.builds(lambda i, t: f"（{NUMERALS[i - 1]}）{t}", index, title),
    st.builds(lambda i, t: f"{i}.{t}", index, title),
    st.builds(lambda i, t: f"（{i}）{t}", index, title),
    st.builds(lambda i, kind, t: f"第{NUMERALS[i - 1]}{kind}\u3000{t}", index, st.sampled_from("章节编"), title),
    st.builds(lambda i, s: f"第{NUMERALS[i - 1]}条\u3000{s}", index, sentence()),
)
label = st.sampled_from(["联系单位：示范市科技局", "地址：示范市人民路8号", "邮编：100000", "联系人：王明",
                         "电话：010-12345678", "传真：010-87654321", "E-mail:office@example.cn"])
date = st.builds(lambda y, m, d: f"{y}年{m}月{d}日", st.integers(1990, 2030), st.integers(1, 12), st.integers(1, 28))
signature = st.sampled_from(["示范市人民政府", "示范市科学技术局", "示范市人民政府办公室"])
block = st.one_of(paragraph, paragraph, heading, label, date, signature,
                  st.lists(label, min_size=2, max_size=5).map("\n".join))
markdown_block = st.one_of(
    paragraph, heading,
    st.builds(lambda t: f"## {t}", title),
    st.builds(lambda i, t: f"## 第{NUMERALS[i - 1]}章\u3000{t}", index, title),
    st.builds(lambda t: f"### {t}", title),
    st.lists(title, min_size=1, max_size=4).map(lambda items: "\n".join(f"- {t}" for t in items)),
    st.lists(title, min_size=1, max_size=4).map(lambda items: "\n".join(f"{i}. {t}" for i, t in enumerate(items, 1))),
    st.just("<!-- INFO END -->"),
)


def distinct_neighbours(blocks: list[str]) -> list[str]:
    """Drop a line equal to the one before it: a title repeated on the next line is a
    boilerplate repeat (§8), and one copy of it goes by design."""
    lines: list[str] = []
    for line in "\n".join(blocks).split("\n"):
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


@settings(max_examples=300, deadline=None)
@given(st.lists(block, min_size=1, max_size=14).map(distinct_neighbours), st.sampled_from(["\n", "\n\n", "\n\n\n"]))
def test_clean_documents_come_out_unchanged(blocks, separator):
    document = "\n".join(blocks)
    laid_out = separator.join(blocks)
    assert clean(laid_out) == document


@settings(max_examples=200, deadline=None)
@given(title, st.lists(markdown_block, min_size=1, max_size=12), st.sampled_from(["\n", "\n\n"]))
def test_clean_markdown_comes_out_unchanged(doc_title, blocks, separator):
    """Clean Markdown stays as written; laid out with blank lines, it loses every blank line
    but one that CommonMark reads (§3a): after a quote, an item or a table row, before ---."""
    parts = distinct_neighbours([f"# {doc_title}", *blocks])
    out = clean(separator.join(parts))
    assert out.replace("\n\n", "\n") == "\n".join(parts)
    lines = out.split("\n")
    for k, line in enumerate(lines):
        if not line:
            assert lines[k - 1][:1] in ">|-*+" or lines[k - 1][:1].isdigit() or lines[k + 1] in ("---", "===")


# -- one regression test for each kind of harm seen (issue 10) -----------------------------
def joins(text: str) -> list[str]:
    return [e.reason for e in clean_with_edits(text).edits if "pagebreak.join" in e.rule]


def test_a_markdown_heading_is_not_joined_onto_a_comment_line():
    text = "# 示范市科技条例\n\n<!-- INFO END -->\n\n## 第一章 总 则\n\n第一条 为了促进科技进步，制定本条例。"
    expected = "# 示范市科技条例\n<!-- INFO END -->\n## 第一章\u3000总则\n第一条\u3000为了促进科技进步，制定本条例。"
    assert clean(text) == expected


def test_a_numbered_heading_is_not_joined_onto_its_body():
    text = "（七）提升公共服务水平\n完善基本公共服务体系，推进服务均等化。\n（八）加强组织保障\n各部门要密切配合。"
    assert clean(text) == text and not joins(text)


def test_label_and_contact_lines_stay_apart():
    text = ("请于月底前报送。\n联系单位：示范市科技局\n地址：示范市人民路8号\n邮编：100000\n联系人：王明\n"
            "E-mail:office@example.cn\n2021年3月15日")
    assert clean(text) == text


def test_a_title_is_not_joined_onto_the_first_paragraph_after_a_blank_line():
    text = ("示范市科技创新行动方案\n\n为加快建设创新型城市，推动经济社会高质量发展，制定本方案。\n\n"
            "一、总体要求\n\n坚持创新驱动，深化科技体制改革，全面提升创新能力。")
    assert clean(text) == text.replace("\n\n", "\n")


def test_a_title_with_a_comma_inside_is_not_joined_onto_its_body():
    text = "关于加快发展，推进改革的意见\n为了推进改革，制定本意见。"
    assert clean(text) == text
    assert clean(text.replace("\n", "\n\n")) == text


def test_a_photo_caption_stays_on_its_line():
    # A caption set inside a paragraph: the line before it ends in ， but is not joined onto
    # it. (The photo credit under it is page chrome, §8, and goes as a line of its own.)
    text = "园区建成以来，引进企业15家，\n图1示范园区全景\n（本报记者王明摄）\n园区将继续扩大规模。"
    assert clean(text) == "园区建成以来，引进企业15家，\n图1示范园区全景\n园区将继续扩大规模。"


def test_a_document_without_hard_wraps_has_nothing_joined():
    # Long lines that end sentences, short lines that are titles: no evidence of a wrap.
    long = "坚持创新在现代化建设全局中的核心地位，把科技自立自强作为发展的战略支撑，深入实施创新驱动发展战略。"
    text = "\n".join([long, "重点任务", long, "强化企业创新主体地位，完善机制", long, "组织实施", long])
    assert clean(text) == text and not joins(text)


def test_joins_name_their_evidence():
    wrapped = "推进科技创新，\n加快成果转化。\n认真贯彻《\n中华人民共和国科学技术进步法\n》的规定。"
    reasons = joins(wrapped)
    assert any("ends in ，" in r for r in reasons) and any("ends in 《" in r for r in reasons)
    assert any("starts with 》" in r for r in reasons)
    assert clean(wrapped) == "推进科技创新，加快成果转化。\n认真贯彻《中华人民共和国科学技术进步法》的规定。"


def test_cleaning_is_idempotent_on_a_chain_of_joins():
    once = clean("，的一的\n一")
    assert clean(once) == once


def test_a_section_title_recurring_in_two_chapters_is_no_running_header():
    chapters = []
    for n, topic in zip("一二三", ["企业", "学校", "医院"], strict=True):
        body = [f"本章规定适用于全市各类{topic}，有关部门应当依法履行第{k}项职责。" for k in range(1, 7)]
        chapters += [f"第{n}章\u3000总则", "第一节\u3000特别规定", *body[:5], "第二节\u3000一般规定", body[5]]
    text = "\n".join(chapters)
    assert clean(text) == text


def test_an_enumeration_word_alone_on_a_line_is_no_running_header():
    body = "加快基础设施建设，加强铁路、机场和能源管道的建设，提高工程质量和投资效益。"
    parts = []
    for _ in range(4):
        parts += ["当前要抓好以下几个方面。", "一是", body, "二是", body, "三是", body, body]
    text = "\n".join(parts)
    assert clean(text).count("二是") == 4


@pytest.mark.parametrize("text", [
    "实行每周工作40小时的工作制度。",
    "职工每日工作8小时，每周工作40小时。",
    "根据《示范市人民政府令》〔2008〕3号的规定执行。",
    "打造1核2带3区空间格局。",
    "推进4化同步。",
    "建设3纵4横的交通网络。",
])
def test_numbers_that_count_measure_or_refer_are_no_page_numbers(text):
    assert clean(text) == text


SUBSCRIPT = "稳健的货币政策灵活适度，广义货币M\n2\n增长11.3%。"


def test_a_subscript_on_its_own_line_is_no_page_number():
    out = Pipeline.default(skip=["boilerplate"]).clean(SUBSCRIPT)
    assert "M2" in out or "M\n2" in out


def test_a_subscript_on_its_own_line_survives_the_whole_pipeline():
    assert "2" in clean(SUBSCRIPT).replace("11.3", "")


def test_the_chapter_gap_becomes_one_ideographic_space():
    assert clean("第一千条 行为人") == "第一千条\u3000行为人"
    assert clean("第三编  合同") == "第三编\u3000合同"
    assert clean("## 第一章 总则") == "## 第一章\u3000总则"
    assert clean("## 第二章  总 则") == "## 第二章\u3000总则"
    assert clean("# 北京市献血条例") == "# 北京市献血条例"


def test_markdown_lists_tables_and_quotes_keep_their_markers_and_spaces():
    text = "# 示范条例\n- 加强管理\n- 完善机制\n> 引用的文字\n| 名称 | 数量 |\n| 企业 | 3 |\n<!-- 注释 内容 -->"
    assert clean(text) == text.replace("注释 内容", "注释内容")
    # a space between two words of a cell separates two items of the cell
    table = "# 罪名表\n| 条文 | 罪名 |\n| --- | --- |\n| 第一款 第二款 | 失职罪 滥用职权罪 |"
    assert clean(table) == table


def test_an_enumeration_inside_a_sentence_is_not_split():
    assert clean("违反第十三条第（三）、 （四）项规定的，处罚款。") == "违反第十三条第（三）、（四）项规定的，处罚款。"


# -- idempotence on the development corpora -------------------------------------------------
DEV = SHARED / "corpus-dev"


def _dev_documents() -> list[tuple[str, str]]:
    docs = []
    for path in sorted(DEV.glob("*.jsonl")) if DEV.exists() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if isinstance(record.get("text"), str):
                    docs.append((f"{path.stem}:{record.get('id', '')}", record["text"]))
    return docs


@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus-dev is not beside the checkout")
def test_cleaning_is_idempotent_on_every_development_document():
    failures = []
    for name, raw in _dev_documents():
        once = clean(raw)
        if clean(once) != once:
            failures.append(name)
    assert not failures, failures[:10]


long_paragraph = st.lists(sentence(), min_size=2, max_size=8).map("".join)
wrap_block = st.one_of(long_paragraph, long_paragraph, long_paragraph, heading, label, date, signature)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.lists(wrap_block, min_size=3, max_size=14).map(distinct_neighbours), st.integers(16, 48))
def test_hard_wraps_of_a_clean_document_are_joined_back(blocks, width):
    # The other side of doing no harm: evidence that is there is used. A clean document
    # hard-wrapped at any width comes back, its headings, labels and dates untouched.
    from cnpolicytext.testing import hard_wrap

    document = "\n".join(blocks)
    # A bare heading or a label exactly as long as the wrap width cannot be told from a cut one.
    assume(all(len(b) != width for b in blocks if stands_alone(b, Layout())))
    wrapped = hard_wrap(document, width)
    lines = wrapped.split("\n")
    assume(all(a != b for a, b in itertools.pairwise(lines)))  # a line repeated next is boilerplate (§8)
    # hard_wrap moves a cut past a run of digits; a line it stretched so is wider than a page
    # holds (Layout.longest_wrapped), no line a PDF wraps.
    assume(all(display_width(ln) <= width + max(3, width // 4) for ln in lines))
    # A short line recurring through a wrapped text at regular intervals is a running header.
    assume(all(lines.count(b) < 3 for b in blocks if not stands_alone(b, Layout())))
    whole = set(blocks)
    cut = [ln for ln in lines if ln not in whole and len(ln) == width and ln[-1] not in "。！？；：”"
           and not set(ln) & set("：:")]
    assume(len(cut) >= max(3, 0.3 * len(lines)))  # enough wrapped lines to show the width
    # ... and they read as prose: a third of them pause inside (layout.analyse). Lines of one
    # length without a mark are a table's cells or a list of titles, no evidence of a wrap.
    assume(3 * sum(1 for ln in cut if INNER_PUNCT.search(ln)) >= len(cut))
    assert clean(wrapped) == document


def test_bracketed_note_numbers_are_no_page_numbers():
    # A transcription puts its note references on lines of their own ([⏎1⏎]); they rise
    # through the document like page numbers would, but a number in brackets refers.
    paragraph = "会议听取了各地区各部门关于推进重点工作的情况汇报，研究部署了下一阶段的主要任务和保障措施。"
    parts = []
    for k in range(1, 6):
        parts.append(paragraph * 3 + f"其中第{k}项工作由有关部门牵头负责\n[\n{k}\n]\n，各单位要认真抓好落实。")
    text = "\n".join(parts)
    out = clean(text)
    for k in range(1, 6):  # the number stays between its brackets (joined onto one line or not)
        assert f"[\n{k}\n]" in out or f"[{k}]" in out


def test_a_chain_of_joins_is_decided_in_one_pass():
    # Each join makes the next one (a sentence ended inside the joined line): one pass must
    # reach what further rounds would, or cleaning the output again joins more (fuzz find).
    for text in ["!U\nN\n*\nO\nN", "其中一项。接着\n说明\n情况\n如下"]:
        once = clean(text)
        assert clean(once) == once
        assert "\n" not in once


def test_lines_opening_with_ascii_pause_marks_join_in_one_pass():
    # Punctuation turns , and ; next to Han into ， and ；, which no line starts with: a line
    # opening with the ASCII mark is the same cut (fuzz: one more join per round otherwise).
    text = ";\n,;\n,\n;\n,字"
    once = clean(text)
    assert clean(once) == once


def test_lines_opening_with_an_ascii_colon_or_question_mark_join_in_one_pass():
    # The same for : and ? (fuzz run 11): lines of marks alone, each joined only once the
    # line below had turned full-width, took one round per line, more than the pipeline runs.
    text = "????\n:\n" * 8 + "????\n:（一）字"
    once = clean(text)
    assert clean(once) == once


def test_fuzzed_layout_residue_settles_within_the_pipelines_rounds():
    # Long lines split at markers, then controls that become line breaks: five rounds to
    # settle (fuzz find); the pipeline must reach its fixed point before it stops.
    text = "字" * 700 + " ⑵字 " + "字" * 700 + " （一）字 " + "字" * 700 + " 發—\x0b}\x0bB\x0b0\x0b`\x0c?"
    once = clean(text)
    assert clean(once) == once


def test_a_chain_of_joins_reads_the_line_built_so_far():
    """After a join, the next boundary is judged on the joined line, as the next round
    would read it: short pieces that keep extending a line that reaches the wrap width are
    joined in one pass. Found by fuzzing (one join per round, more than the pipeline runs)."""
    wide = "字" * 38
    text = (f"{wide} （一）字 {wide} 字 字\t（一）一 {'字' * 30}二噁英字字&\np\x0bb\x0b&\x0bp\nb\nd\np\nf")
    once = clean(text)
    assert clean(once) == once
    # In a text that shows its wrap width (lines of it that go on into the next), the
    # short pieces after a line that reaches it join onto it in one pass.
    rows = ["各级人民政府要加强组织领导，落实工作责任，完善工作机制，加大投入力度",
            "确保各项任务按时完成，各有关部门要密切配合，形成工作合力，共同推进发",
            "展不断提高人民群众的满意度和获得感，切实把好事办好实事办实，推动工作"]
    text = "\n".join(rows) + "\n" + "字" * 33 + "二噁英字&\np\x0bb\x0b&\x0bp\nb\nd\np\nf"
    once = clean(text)
    assert clean(once) == once and once.endswith("&pb&pbdpf")


def test_an_article_after_a_sentence_end_and_a_space_starts_its_own_line():
    """§6: every article starts its line. Where the document's other articles open lines,
    the space between one article's last sentence and the next article's marker was the
    break between them; closed up, the next article would sit inside the one before."""
    laws = ("第一条　为了规范管理，制定本条例。\n第二条　单位应当支持职工学习。 第三条继续教育实行登记制度。\n"
            "第四条　本条例自公布之日起施行。")
    assert clean(laws) == laws.replace("。 第三条", "。\n第三条")
    # A sentence that opens by naming an article is no article ...
    naming = ("第一条　为了规范管理，制定本条例。\n第二条　违反本条例的，依法处理。 第三条规定的情形除外。\n"
              "第四条　施行。")
    assert clean(naming) == naming.replace("。 第三条", "。第三条")
    # ... and a document whose articles do not open lines shows no such break.
    one = "依照章程办理。\n有关规定见后文。 第三条继续教育实行登记制度，由人事部门负责。\n其他事项另行规定。"
    assert clean(one) == one.replace("。 第三条", "。第三条")


def test_the_clause_numbers_of_a_standard_keep_their_space():
    """A standard numbers its clauses 5.1, 5.1.1 and writes a space before the title: its
    siblings (5.1.1 beside 5.1.2) show the outline, and the space stays as written. A lone
    decimal before a unit is a quantity and closes up as ever."""
    standard = "# 鉴定标准\n### 5.1\u3000颅脑损伤\n#### 5.1.1 重伤一级\n#### 5.1.2 重伤二级\n### 5.2\u3000面部损伤\n" \
               "6.1\u3000伤后因其他原因死亡的，比照本标准。\n6.2\u3000未列入本标准的，比照相应条款。"
    assert clean(standard) == standard
    assert clean("全年投资\n3.5 万元以下的项目") == "全年投资\n3.5万元以下的项目"


def test_a_text_with_clean_sentences_keeps_the_spaces_between_its_phrases():
    """Where the sentences of a text hold no stray space, a space between two phrases on a
    line without a comma or a full stop is written on purpose (two issuers, two entries of
    a law's revisions, a byline): closed up, two names would read as one. A letter-spaced
    word still closes up, and in a text of stray spaces every one goes."""
    law = ("示范市人民政府 示范市司法局 关于加强社区矫正工作的规定\n"
           "（2020年5月1日通过  根据2022年决定第一次修正）\n"
           "第一条　为了规范社区矫正工作，制定本规定。\n"
           "第二条　本规定适用于本市，各区参照执行。\n"
           "第三条　本规定自公布之日起施行，原规定同时废止。\n"
           "附 则")
    assert clean(law) == law.replace("附 则", "附则")
    noisy = law.replace("为了规范", "为了 规范")
    assert clean(noisy) == clean(law).replace(" 示范市司法局 ", "示范市司法局").replace("通过  根据", "通过根据")
    # the spaces that Markdown owns (after a list item's marker) are no strays
    markdown = "# 示范条例\n" + law.replace("第二条　", "- ")
    assert clean(markdown) == markdown.replace("附 则", "附则")
    # an entry of the note may open with a date, or a word and a date: the gap before it
    # is the same, and closes only in a text of stray spaces
    dated = law.replace("通过  根据2022年", "通过 2021年3月1日示范市人民政府令第5号公布  自2021年").replace(
        "示范市人民政府 示范市司法局 ", "")
    assert clean(dated) == dated.replace("附 则", "附则")
    # ... after an entry that ends in what was done; elsewhere a space before a year is a stray
    titled = dated.replace("关于加强", "关于印发 2024年")
    assert clean(titled).startswith("关于印发2024年")
    noisy_dated = dated.replace("为了规范", "为了 规范")
    assert "（2020年5月1日通过2021年3月1日示范市人民政府令第5号公布自2021年" in clean(noisy_dated)
    # a title alone shows no clean sentences: its spaces are strays
    assert clean("示范市人民政府 关于加强管理的通知") == "示范市人民政府关于加强管理的通知"


def test_lines_of_one_length_without_pauses_show_no_wrap_width():
    """A title, a label line and an item that happen to be as long as each other are no
    wrap width: the lines of a wrapped text go on after the cut (not into a heading or a
    numbered item), and running text pauses in them (，、；). Here the title stays apart."""
    page = ("关于公开征求《示范市河道管理条例（草案）》意见的公告\n"
            "为做好立法工作，现将《示范市河道管理条例（草案）》全文公布，征求意见。\n"
            "一、公众可通过以下途径提出意见：\n"
            "（一）电子邮件：hd@example.gov.cn\n"
            "（二）信函：寄至市水务局政策法规处，邮编：100000\n"
            "二、意见反馈截止时间为2024年5月20日。\n"
            "市水务局\n"
            "2024年4月20日")
    assert clean(page) == page
    # A text wrapped at a width joins as before.
    wrapped = ("各级人民政府要加强组织领导，落实工作责任，\n完善工作机制，加大资金投入，确保各项\n"
               "任务按时完成。各有关部门要密切配合，形成\n工作合力，共同推进高质量发展，不断提\n高人民群众的满意度。")
    assert clean(wrapped) == wrapped.replace("\n", "")


def test_a_label_line_may_letter_space_its_key():
    from cnpolicytext.layout import Layout, stands_alone

    assert stands_alone("标 题：关于公开征求意见的公告", Layout()) == "label line"
    assert stands_alone("索 引 号：000014349/2024-00021", Layout()) == "label line"
    # a sentence with a colon is none
    assert stands_alone("各单位要 注意：按时完成任务，不得拖延。", Layout()) != "label line"
