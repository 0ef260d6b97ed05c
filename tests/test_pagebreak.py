"""Page-break spill and layout repair (CONVENTIONS §4, issue 3)."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cnpolicytext import clean, clean_with_edits, get_normalizer
from cnpolicytext.testing import SAMPLE, chunk_prefixes, hard_wrap, page_numbers, running_header

from .conftest import corpus_doc, example_params

PB = get_normalizer("pagebreak")()


@pytest.mark.parametrize("case", example_params("pagebreak"))
def test_shared_examples(case):
    assert clean(case["input"]) == case["expected"]


def test_sample_is_a_fixed_point():
    assert clean(SAMPLE) == SAMPLE


@pytest.mark.parametrize("raw, expected", [
    ("第一段文字，\n- 3 -\n继续的文字。", "第一段文字，继续的文字。"),
    ("正文结束。\n第 3 页 共 10 页\n下一段。", "正文结束。\n下一段。"),
    ("正文结束。\nPage 4 of 12\n下一段。", "正文结束。\n下一段。"),
    ("农业、林\n4、业、水利等领域", "农业、林业、水利等领域"),
    ("二、主要任务\n1、加强科技创新", "二、主要任务\n1.加强科技创新"),
    ("建有农业示范园 1 个", "建有农业示范园1个"),
    ("见附件2说明", "见附件2说明"),
    ("第3批试点", "第3批试点"),
    ("如图4所示", "如图4所示"),
    ("共有3家企业", "共有3家企业"),
    ("要求如下，\n\n各单位认真执行。", "要求如下，各单位认真执行。"),
    ("一、总体要求\n\n各单位认真执行。", "一、总体要求\n各单位认真执行。"),
])
def test_rules(raw, expected):
    assert clean(raw) == expected


def test_a_real_numbered_list_is_not_taken_for_chunk_prefixes():
    text = "一、重点任务\n1、加强组织领导。\n2、完善工作机制。\n3、强化考核督查。\n4、加大资金投入。"
    assert clean(text) == "一、重点任务\n1.加强组织领导。\n2.完善工作机制。\n3.强化考核督查。\n4.加大资金投入。"
    titles = "二、保障措施\n1、加强组织领导\n2、完善工作机制\n3、强化考核督查"
    assert clean(titles) == "二、保障措施\n1.加强组织领导\n2.完善工作机制\n3.强化考核督查"


@pytest.mark.parametrize("text, expected", [
    ("关于开展申报工作的通知\n1、申请书\n2、汇总表", "关于开展申报工作的通知\n1.申请书\n2.汇总表"),
    ("附件：1、申请书\n2、汇总表", "附件：1、申请书\n2.汇总表"),
    ("材料清单\n2、汇总表\n3、承诺书", "材料清单\n2.汇总表\n3.承诺书"),
])
def test_a_short_list_is_no_chunk_prefix(text, expected):
    """§4: in a text too short to show a sequence, a counter with a neighbour (1 opens a
    list; 1 before it or 3 after it) numbers an item, and is not glued onto the line above."""
    assert clean(text) == expected


def test_a_lone_counter_that_splits_a_word_is_still_a_chunk_prefix():
    assert clean("还存在着一些不容忽\n5、视的矛盾和问题。") == "还存在着一些不容忽视的矛盾和问题。"


def test_running_header_removed_and_reported():
    noisy = running_header(SAMPLE, "示范市人民政府文件", 5, folios=True)
    result = clean_with_edits(noisy)
    assert result.text == SAMPLE
    assert any("pagebreak.running_header" in e.rule and "shows pages" in e.reason for e in result.edits)


@pytest.mark.parametrize("title", ["示范市人民政府关于加快发展现代农业的实施意见",
                                   "示范市发展改革委关于印发2024年工作要点的通知"])
def test_a_title_that_heads_every_page_keeps_its_first_copy(title):
    # The header repeats the title on each later page; the page numbers stand at the feet of
    # the pages. The copy that opens the document is its title and stays; the others go.
    body = "\n".join(SAMPLE.split("\n")[1:7])  # without the sample's own title
    pages = [body + f"\n- {n} -" for n in range(1, 5)]
    noisy = title + "\n" + ("\n" + title + "\n").join(pages)
    result = clean_with_edits(noisy)
    assert result.text.startswith(title + "\n") and result.text.count(title) == 1
    assert sum(e.rule == "pagebreak.running_header" for e in result.edits) == 3
    # A header that is a short form of the title written under it goes, first copy too.
    full = title.replace("关于", "人民政府关于" if "人民政府" not in title else "关于进一步")
    noisy = title + "\n" + full + "\n" + ("\n" + title + "\n").join(pages)
    assert clean(noisy).startswith(full + "\n") and title not in clean(noisy).replace(full, "")


def test_a_recurring_line_is_no_header_in_a_document_without_pages():
    # The same line every five lines, but no page number, no sequence, no wrap: it stays.
    noisy = running_header(SAMPLE, "示范市人民政府文件", 5)
    assert clean(noisy).count("示范市人民政府文件") == noisy.count("示范市人民政府文件")


def test_page_sequence_is_reported():
    result = clean_with_edits(page_numbers(SAMPLE, 120, start=7))
    assert result.text == SAMPLE
    seq = result.notes["page_sequence"]
    assert seq == list(range(7, 7 + len(seq))) and len(seq) >= 3


@settings(max_examples=60, deadline=None)
@given(width=st.integers(18, 60))
def test_hard_wrapped_text_is_joined_back(width):
    assert clean(hard_wrap(SAMPLE, width)) == SAMPLE


@settings(max_examples=60, deadline=None)
@given(size=st.integers(40, 280), start=st.integers(1, 50))
def test_chunk_prefixes_are_removed_and_words_joined(size, start):
    assert clean(chunk_prefixes(SAMPLE, size, start)) == SAMPLE


@settings(max_examples=60, deadline=None)
@given(every=st.integers(60, 210), start=st.integers(1, 400))  # at least three pages: a sequence
def test_spilled_page_numbers_are_removed(every, start):
    assert clean(page_numbers(SAMPLE, every, start)) == SAMPLE


@settings(max_examples=60, deadline=None)
@given(width=st.integers(20, 60), size=st.integers(60, 280), every=st.integers(80, 210),
       start=st.integers(1, 30), header_every=st.integers(5, 6))
def test_all_noise_together(width, size, every, start, header_every):
    noisy = running_header(page_numbers(chunk_prefixes(hard_wrap(SAMPLE, width), size), every, start),
                           "示范市人民政府文件", header_every)
    assert clean(noisy) == SAMPLE


NUMBERS = ["2011年引进", "2012年", "1.5万元", "30%", "96048", "12396", "110KV", "3个", "15项", "2—3个",
           "0.5%", "第3批", "附件2", "图4", "表5", "2009年底", "100个", "40公里", "10名", "2名"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(NUMBERS), min_size=1, max_size=12),
       st.lists(st.sampled_from(["建设", "推进", "企业", "，", "。", "实施", "科技"]), min_size=12, max_size=12))
def test_real_numbers_survive(numbers, words):
    text = "".join(w + n for w, n in zip(words, numbers, strict=False)) + "。"
    out = clean(text)
    assert regex.findall(r"\d+", out) == regex.findall(r"\d+", text.replace("—", "—"))


def test_002_has_no_spilled_page_number_and_keeps_every_quantity():
    raw = corpus_doc("002")
    result = clean_with_edits(raw)
    out = result.text
    for joined in ["二连浩特市", "以电话", "多部门联合", "主要目标", "生态建设", "改造升级", "资源开展",
                   "风力发电", "大中型企业", "企业技术中心", "海关", "不容忽视", "加速企业", "高等院校", "人才优势"]:
        assert joined in out, joined
    removed = [raw[e.start:e.end] for e in result.edits if e.rule == "pagebreak.page_number"]
    assert sorted(int(n) for n in removed) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    for quantity in ["1个（赛乌素", "96048（12396）", "2007年", "2008年", "2009年底", "2015年", "2020年",
                     "5项", "2项", "10件", "4家", "10项", "2名", "10名", "20名", "50名", "5名", "40公里",
                     "0.5%", "“125”", "2011—2013年", "（2011—2015）", "2011年", "2项重点"]:
        assert quantity in out, quantity
    assert result.notes["page_sequence"][0] == 1 and result.notes["page_sequence"][-1] == 10
    assert result.notes["chunk_prefixes"] == list(range(1, 18))


@settings(max_examples=30, deadline=None)
@given(width=st.integers(18, 60))
def test_layout_blank_lines_are_decided_per_document(width):
    # A blank line after every line is layout, not a paragraph break.
    noisy = "\n\n".join(hard_wrap(SAMPLE, width).split("\n"))
    assert clean(noisy) == SAMPLE


@pytest.mark.parametrize("raw, expected", [
    ("其中1996年为2.6万元。1997年起\n增加到3万元。", "其中1996年为2.6万元。1997年起增加到3万元。"),
    ("根据国家和省有关\n规划纲要精神，结合本市实际，制定本规划。",
     "根据国家和省有关\n规划纲要精神，结合本市实际，制定本规划。"),
    ("全年新增企业10以上，增长5左右。", "全年新增企业10以上，增长5左右。"),
    ("（一）加强领导，完善机制\n各单位要高度重视。", "（一）加强领导，完善机制\n各单位要高度重视。"),
    # A ； parts clauses or the fields of a label, and ends no sentence: the line stays.
    ("时间：上午9时；下午3时\n出席：县政府办公室", "时间：上午9时；下午3时\n出席：县政府办公室"),
    ("联系人：李某；电话：0839-1234567\n\n附件：1.报名表；2.承诺书\n\n示范县财政局",
     "联系人：李某；电话：0839-1234567\n附件：1.报名表；2.承诺书\n示范县财政局"),
    ("a) 建筑类型相同；或\nb) 使用人数相同。", "a）建筑类型相同；或\nb）使用人数相同。"),
])
def test_lines_stopping_mid_sentence_go_on(raw, expected):
    assert clean(raw) == expected


def test_page_counters_inside_a_line_are_removed():
    assert clean("推进科技创新，第1页 共10页 加快成果转化。") == "推进科技创新，加快成果转化。"
    assert clean("在第3页的表格中列出。") == "在第3页的表格中列出。"


_FURNITURE_PIECES = ["- 3 -", "第3页", "共10页", "Page 3", " of 10", "3/10", "\n", "\n\n", " ", "\u3000",
                     "\t", "字", "，", "12", "-", "—", "第", "页", "\r\n"]


@given(st.lists(st.sampled_from(_FURNITURE_PIECES), max_size=14).map("".join))
def test_page_number_lines_are_counted_line_by_line(text):
    """The per-line count of page number lines is the count of the whole-text pattern."""
    from cnpolicytext.normalizers import pagebreak

    assert pagebreak._furniture_lines(text) == len(pagebreak._FURNITURE.findall(text))


@given(st.lists(st.text(alphabet="字，,、（《）》。a\"'①", min_size=1, max_size=4), max_size=12))
def test_mending_reads_as_joining_one_line_at_a_time(lines):
    """Mended lines, built in pieces, are what extending the last line by each cut one gives."""
    from cnpolicytext import layout

    expected: list[str] = []
    for line in lines:
        if expected and (layout._cut_after(expected[-1]) or line[0] in layout.NO_LINE_START):
            expected[-1] += line
        else:
            expected.append(line)
    assert layout._mended(lines) == expected


@given(st.lists(st.sampled_from(["1、", "12、", "1234、", "、", "\n", "字", "3", " "]), max_size=12).map("".join))
def test_chunk_prefixes_are_found_after_line_breaks(text):
    """The prefixes found at the text's start and after each break are _PREFIX's matches."""
    from cnpolicytext.normalizers import pagebreak

    first = pagebreak._PREFIX.match(text)
    found = ([first] if first else []) + list(pagebreak._PREFIX_AFTER_BREAK.finditer(text))
    assert [(m.span(), m.group(1)) for m in found] == [(m.span(), m.group(1)) for m in pagebreak._PREFIX.finditer(text)]


def test_fraction_lines_with_two_totals_are_a_tables_values():
    # A page counter keeps its total (3/9, 4/9); 12/15 and 3/4 are a progress column.
    table = "乡镇\n进度\n城关镇\n12/15\n河口镇\n3/4"
    assert clean(table) == table
    counters = "为加强专项资金管理，\n3/9\n特制定本办法。各单位要认真执行，\n4/9\n确保落实。"
    assert clean(counters) == "为加强专项资金管理，特制定本办法。各单位要认真执行，确保落实。"


def _minutes(closing: str) -> str:
    body = ("会议听取了有关部门的汇报，对项目的必要性和可行性进行了讨论，认为项目符合全县发展规\n"
            "划，前期工作扎实。\n") * 4
    return "".join(f"{'一二三'[i]}、关于第{i + 1}个项目\n{body}{closing}- {i + 1} -\n" for i in range(3))


def test_a_recurring_line_with_the_pages_text_below_it_is_no_footer():
    """Minutes close each item with the same decision (会议原则同意) and the unit in charge:
    the decision recurs at page intervals, but the unit's line stands between it and the page
    number, so it is the page's own text and stays. Directly above the page number, or with
    only another recurring line between, the same line is a footer and goes."""
    kept = clean(_minutes("会议原则同意\n责任单位：县发展改革局\n"))
    assert kept.count("会议原则同意") == 3 and "- 1 -" not in kept
    assert clean(_minutes("示范县人民政府办公室\n")).count("示范县人民政府办公室") == 0
    assert clean(_minutes("示范县人民政府办公室\n内部资料\n")).count("示范县人民政府办公室") == 0
