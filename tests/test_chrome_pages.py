"""Whole pages: chrome told by place and neighbours, templates learned from a corpus (issue 11).

Every page here is written for the test: a government site page, a document-sharing site
page and a transcription site's page. The document inside each must come out exactly as
the same document cleaned on its own, every line of the page's chrome must go, and the
page metadata must come back as metadata.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnpolicytext import Pipeline, clean, clean_with_edits
from cnpolicytext.normalizers.boilerplate import learn, load_patterns, save_patterns

GOV_HEAD = """示范市人民政府门户网站
无障碍 | 长者模式 | 简体 | 繁体
用户登录 新用户注册
欢迎进入示范市人民政府网!今天是:2023年5月8日 星期一
全文检索
首页 | 机构概况 | 政务公开 | 办事服务 | 互动交流 | 专题专栏
首页 > 政务公开 > 政策文件
"""
GOV_TITLE = "示范市人民政府关于加快推进数字经济发展的实施意见"
GOV_META = """发布时间：2023-05-06 来源：示范市人民政府办公室
索引号：11350000-2023-00012
"""
GOV_TOOLS = """下载
打印
全屏
收藏
【字号：
加大
还原
减小
】
分享到:
扫一扫在手机打开当前页
"""
GOV_BODY = """各区人民政府，市政府各部门：
为加快推进数字经济发展，结合本市实际，提出如下意见。
一、总体要求
坚持创新驱动，推动数字技术与实体经济深度融合。各单位要做好打印、下载和收藏工作。
三、加大支持力度
市财政每年安排专项资金，支持数字经济重点项目建设。
示范市人民政府
2023年5月6日"""
GOV_TAIL = """
Share "示范市人民政府关于加快推进数字经济发展的实施意见"
【关闭窗口】
上一篇：示范市人民政府关于印发科技创新规划的通知
下一篇：示范市人民政府关于做好防汛工作的通知
网站地图 | 联系我们 | 网站声明
主办单位：示范市人民政府办公室  承办单位：示范市大数据中心
网站标识码：3501000001  闽ICP备12345678号
闽公网安备 35010202000123号
本报记者 张三 摄
责任编辑：李四
扫描二维码关注示范发布
"""

SHARE_TITLE = "示范市关于推进乡村振兴的实施意见.docx"
SHARE_HEAD = """上传人：abc123  上传时间：2022-03-01  文档页数：16页  大小：56KB
示范市关于推进乡村振兴的实施意见.docx_第1页
第1页 / 共16页
"""
SHARE_BODY = """为全面推进乡村振兴，加快农业农村现代化，现提出以下实施意见。
（一）发展现代农业
稳定粮食生产，建设高标准农田，提升农业综合生产能力。"""
SHARE_TAIL = """
示范市关于推进乡村振兴的实施意见.docx_第2页
第2页 / 共16页
本文档由会员分享，可在线阅读，更多相关《示范市关于推进乡村振兴的实施意见》请在本站搜索。
返回 下载 相关 举报
"""

WIKI_BODY = """各位代表：
现在，我代表人民委员会，向大会报告工作，请予审议。
一、过去一年的工作
过去一年，全市经济平稳增长，人民生活持续改善。[
1
]
↑
这里的数字为当年价格。"""
WIKI_TAIL = """



本作品是某地人民政府的公文，依据《中华人民共和国著作权法》第五条，不适用于该法，因此属于
公有领域
。



↑
说明：此处注释属于上面的声明。



本模板所指的公文包括地方人民政府的决定。



Public domain
Public domain
false
false"""


def boilerplate_edits(result):
    return [e for e in result.edits if "boilerplate" in e.rule]


def test_government_page():
    raw = GOV_HEAD + GOV_TITLE + "\n" + GOV_META + GOV_TOOLS + GOV_BODY + GOV_TAIL
    result = clean_with_edits(raw)
    assert result.text == clean(GOV_TITLE + "\n" + GOV_BODY)
    assert result.metadata == {"发布时间": "2023-05-06", "来源": "示范市人民政府办公室",
                               "索引号": "11350000-2023-00012"}
    # Every chrome line went, each in one edit of its own that says why.
    chrome = [line for line in (GOV_HEAD + GOV_META + GOV_TOOLS + GOV_TAIL).split("\n") if line]
    removed = {raw[e.start:e.end].strip() for e in boilerplate_edits(result)}
    assert removed == set(chrome)
    reasons = {raw[e.start:e.end].strip(): e.reason for e in boilerplate_edits(result)}
    assert reasons["打印"].startswith("vocabulary: 打印")
    assert "at the page head" in reasons["加大"]


def test_sharing_site_page():
    raw = SHARE_HEAD + SHARE_TITLE + "\n" + SHARE_BODY + SHARE_TAIL
    result = clean_with_edits(raw)
    # The file name the site shows as the title is the document's title: it stays.
    assert result.text == clean(SHARE_TITLE + "\n" + SHARE_BODY)
    rules = {e.rule for e in boilerplate_edits(result)}
    assert {"boilerplate.preview_caption", "boilerplate.page_counter", "boilerplate.site_blurb"} <= rules


def test_transcription_page_loses_its_notice_and_keeps_its_notes():
    result = clean_with_edits(WIKI_BODY + WIKI_TAIL)
    assert result.text == clean(WIKI_BODY)
    assert {r for e in boilerplate_edits(result) for r in e.rule.split("+") if "boilerplate" in r} == \
        {"boilerplate.licence_notice"}
    assert "tail" in boilerplate_edits(result)[0].reason


def test_a_body_that_ends_in_licence_words_without_naming_a_licence_stays():
    text = "第五条 著作权法另有规定的，从其规定。\n本作品\n的著作权归作者所有。"
    assert clean(text) == clean_with_edits(text).text
    assert not boilerplate_edits(clean_with_edits(text))


@pytest.mark.parametrize("line", [
    "各单位要做好打印、下载和收藏工作。",
    "三、加大支持力度",
    "（二）分享到户经验",
    "第三章 下载与打印",
])
def test_body_lines_with_chrome_words_stay(line):
    text = f"为加快推进科技创新，现提出以下意见。\n{line}\n市财政每年安排专项资金，支持重点项目建设。"
    assert not boilerplate_edits(clean_with_edits(text))


@pytest.mark.parametrize("text", [
    # a short line inside the body: a label, a date, the issuer above the date
    "为加快推进科技创新，现提出以下意见。\n附件\n市财政每年安排专项资金。\n示范市科技局\n2021年3月2日",
    # one chrome word alone between two sentences
    "请各单位认真组织学习。\n下载\n有关情况请及时报告。",
    # footnote references a converter broke onto lines of their own
    "会议认为报告是好的。\n[\n1\n]\n会议决定批准这个报告。",
    # a document with no body sentence at all: a list of titles
    "政策解读\n关于印发科技创新规划的通知",
])
def test_short_lines_inside_the_body_stay(text):
    assert not boilerplate_edits(clean_with_edits(text))


def test_markdown_structure_is_never_chrome():
    text = ("# 示范条例\n<!-- INFO END -->\n## 第一章 总则\n第一条 为了规范管理，制定本条例。\n\n"
            "| 名称 | 数量 |\n|---|---|\n| 下载 | 3 |\n\n---\n\n***\n第二条 本条例自公布之日起施行。")
    assert not boilerplate_edits(clean_with_edits(text))
    assert "<!-- INFO END -->" in clean(text) and "|---|---|" in clean(text)


# -- a corpus of one site -------------------------------------------------------------------

SENTENCES = [
    "要坚持稳中求进工作总基调，推动高质量发展。",
    "加强统筹协调，形成工作合力。",
    "强化资金保障，提高资金使用效益。",
    "深化改革创新，激发市场主体活力。",
    "加强监督检查，确保各项措施落到实处。",
    "完善工作机制，提升服务水平。",
    "推进数字化转型，建设智慧城市。",
    "做好风险防范，守住安全底线。",
]
COMMON = "各地区各部门要结合实际认真贯彻落实。"
SITE_HEAD = ["示范市发展改革委 政务服务平台", "当前栏目：政策发布"]
SITE_TAIL = ["地址：示范市人民路1号 邮编：350001", "联系电话：0591-12345678"]


def site_page(i: int) -> tuple[str, str]:
    """(the page, the document in it) for page ``i`` of one site."""
    rnd = random.Random(i)
    title = f"关于做好第{i + 1}批重点项目建设工作的通知"
    body = ["各区县人民政府，市直各部门：", "一、总体要求", *rnd.sample(SENTENCES, 4)]
    if i % 2 == 0:
        body.append(COMMON)
    body += ["示范市发展和改革委员会", f"2023年{i % 12 + 1}月{i % 28 + 1}日"]
    doc = "\n".join([title, *body])
    return "\n".join([*SITE_HEAD, doc, *SITE_TAIL]), doc


def test_a_template_is_learned_and_removed_in_every_page():
    pages = [site_page(i) for i in range(50)]
    learned = learn(page for page, _ in pages)
    lines = sorted(p for _, p in learned)
    assert all(rule == "template" for rule, _ in learned)
    assert len(learned) == 4  # the two head lines and the two tail lines, nothing else
    pipeline = Pipeline.default(boilerplate=learned)
    for page, doc in pages:
        result = pipeline.run(page)
        assert result.text == clean(doc)
        assert {e.reason for e in result.edits if e.rule == "boilerplate.template"} == {"template seen in 50 documents"}
    # Without the template the site's lines stay: they are not chrome by their own look.
    assert "联系电话：0591-12345678" in clean(pages[0][0])
    assert lines == sorted(p for _, p in learn(page for page, _ in pages))


def test_what_recurs_but_is_the_document_is_not_learned():
    pages = [site_page(i) for i in range(50)]
    learned = " ".join(p for _, p in learn(page for page, _ in pages))
    for own in (COMMON, "一、总体要求", "各区县人民政府，市直各部门：", "示范市发展和改革委员会"):
        assert own not in learned.replace("\\", "")


def test_fragments_of_a_broken_sentence_are_not_learned():
    docs = [f"会议听取了国务院总理所作的\n政府工作报告\n。会议批准这个报告（第{i}号）。" for i in range(20)]
    assert learn(docs) == []


def test_learned_patterns_are_saved_and_read_back(tmp_path):
    pages = [site_page(i) for i in range(20)]
    learned = learn((page for page, _ in pages), min_docs=5)
    path = tmp_path / "site.tsv"
    save_patterns(learned, str(path))
    assert load_patterns(str(path)) == learned
    assert Pipeline.default(boilerplate=load_patterns(str(path)))(pages[3][0]) == clean(pages[3][1])


def test_thresholds():
    pages = [site_page(i)[0] for i in range(10)]
    assert learn(pages, min_docs=11) == []
    assert learn(pages, min_docs=2, min_share=1.0) != []
    assert learn(pages[:3] + ["为加快推进科技创新，现提出以下意见。"] * 30, min_docs=3, min_share=0.5) == []


# -- documents without chrome come out as they would without the boilerplate step ----------

_LINES = [*SENTENCES, COMMON, "一、总体要求", "（二）加大支持力度", "第三章 附则", "附件", "示范市人民政府",
          "2021年3月2日", "各位代表：", "特此通知。", "关于印发实施方案的通知"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_LINES), min_size=1, max_size=12))
def test_documents_without_chrome_lose_nothing(lines):
    text = "\n".join(lines)
    result = clean_with_edits(text)
    assert [e for e in boilerplate_edits(result) if e.rule != "boilerplate.repeated_title"] == []


def test_tag_removal_leaves_an_html_comment_line_alone():
    text = "<!-- <p>INFO END</p> -->\n<p>第一条 为了规范管理，制定本条例。</p>"
    out = clean(text)
    assert out.split("\n")[0] == "<!-- <p>INFO END</p> -->"
    assert "<p>" not in out.split("\n", 1)[1]


@pytest.mark.parametrize("page", [
    GOV_HEAD + GOV_TITLE + "\n" + GOV_META + GOV_TOOLS + GOV_BODY + GOV_TAIL,
    SHARE_HEAD + SHARE_TITLE + "\n" + SHARE_BODY + SHARE_TAIL,
    WIKI_BODY + WIKI_TAIL,
])
def test_pages_settle_and_their_edits_rebuild_them(page):
    result = clean_with_edits(page)
    assert result.verify()
    assert clean(result.text) == result.text


def test_a_short_title_below_the_breadcrumb_stays():
    page = "首页 > 政务公开 > 人事任免\n人事任免\n打印\n收藏\n市政府决定任命张三为市科技局局长。"
    assert clean(page) == "人事任免\n市政府决定任命张三为市科技局局长。"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_LINES), min_size=1, max_size=10).filter(lambda ls: any(s in SENTENCES for s in ls)))
def test_any_document_comes_out_of_the_page_around_it(lines):
    """A document (with at least one sentence: a page of nothing but a date is no test of
    anything) comes out of any page around it as it would on its own."""
    body = "\n".join(lines)
    page = GOV_HEAD + GOV_TITLE + "\n" + GOV_META + GOV_TOOLS + body + GOV_TAIL
    assert clean(page) == clean(GOV_TITLE + "\n" + body)
    assert clean(SHARE_HEAD + body + SHARE_TAIL) == clean(body)
    assert clean(body + WIKI_TAIL) == clean(body)


def test_lines_of_the_body_and_dated_records_are_not_learned():
    docs = ["2016年2月6日 《示范条例》第一次修订\n"
            f"第{i}号报告的正文第一句，说明基本情况。\n结束语\n二是\n加强管理，提升水平。" for i in range(30)]
    assert learn(docs) == []
