"""Noise generators: put page-layout noise into clean text, for tests and benchmarks.

Each function takes clean text (one paragraph per line) and returns it as a PDF extractor
or a document-sharing site would have left it. They insert noise only where a reader
could still tell it apart — a page number between two Han characters, a chunk break
inside a paragraph — since noise that destroys information cannot be cleaned away.
"""

from __future__ import annotations

import regex

__all__ = ["SAMPLE", "chunk_prefixes", "hard_wrap", "page_numbers", "running_header"]

#: A clean policy text written for this project (a fixed point of ``clean``).
SAMPLE = """示范市科技创新发展规划
一、总体要求
为加快建设创新型城市，推动经济社会高质量发展，根据国家和省有关规划纲要精神，结合本市实际，制定本规划。规划期为2021—2025年。
坚持创新在现代化建设全局中的核心地位，把科技自立自强作为发展的战略支撑，深入实施科教兴市战略、人才强市战略和创新驱动发展战略，完善科技创新体制机制，全面塑造发展新优势。
二、主要目标
到2025年，全社会研究与试验发展经费投入强度达到2.8%，高新技术企业数量达到600家，技术合同成交额达到120亿元，每万人口高价值发明专利拥有量达到12件。
建成省级以上重点实验室15个、工程技术研究中心40个，培育科技型中小企业1500家，引进高层次创新创业人才团队30个，科技进步贡献率达到65%以上。
三、重点任务
（一）强化企业创新主体地位
支持龙头企业牵头组建创新联合体，承担重大科技项目，开展关键核心技术攻关。鼓励企业加大研发投入，对研发费用增长较快的企业给予奖励，引导各类创新要素向企业集聚。
（二）建设高水平创新平台
围绕新材料、生物医药、智能制造等重点产业，布局建设一批重点实验室和新型研发机构，推动创新平台向企业和产业园区开放共享，提升平台服务能力和运行效率。
（三）优化创新创业生态
完善科技金融服务体系，设立科技成果转化引导基金，发展天使投资和创业投资。加强知识产权保护，健全科技成果评价机制，营造尊重知识、尊重人才、鼓励创新、宽容失败的良好氛围。
四、保障措施
各级政府要加强组织领导，把科技创新工作纳入目标管理考核，建立健全部门协同推进机制，确保各项任务落到实处。市科技局要会同有关部门做好规划实施的跟踪评估工作。
示范市人民政府
2021年3月15日"""

_HAN = regex.compile(r"\p{Han}")
_BREAK = regex.compile(r"\n(?:\d{1,3}、)?")


#: Chinese typesetting never starts a line with a closing mark (行首禁则).
_NO_LINE_START = "。，、；：！？”’）》…"


def _digit_at(text: str, cut: int) -> bool:
    """A cut here would split a number or strand one on a line of its own."""
    return text[cut - 1].isdigit() or text[cut].isdigit()


def hard_wrap(text: str, width: int) -> str:
    """Cut every paragraph into lines of ``width`` characters (as a PDF extractor does).

    A cut that would fall right after a sentence end moves one character on (a line ending
    in 。 is, by the convention, the end of a paragraph), and so does one beside a digit.
    """
    out = []
    for para in text.split("\n"):
        pos = 0
        while len(para) - pos > width:
            cut = pos + width
            while cut < len(para) and (para[cut - 1] in "。！？；：”" or _digit_at(para, cut)
                                       or para[cut] in _NO_LINE_START):
                cut += 1
            if cut >= len(para):
                break
            out.append(para[pos:cut])
            pos = cut
        out.append(para[pos:])
    return "\n".join(out)


def chunk_prefixes(text: str, size: int, start: int = 1) -> str:
    """Cut the text into chunks of about ``size`` characters, each on a line of its own
    behind an ``N、`` counter (as document-sharing sites do). Cuts fall inside paragraphs,
    never beside a digit (a number cut there could not be told from a page number)."""
    pieces, pos = [], 0
    while pos < len(text):
        cut = min(len(text), pos + size)
        while cut < len(text) and (text[cut - 1] == "\n" or text[cut] == "\n" or _digit_at(text, cut)):
            cut += 1
        pieces.append(text[pos:cut])
        pos = cut
    return "\n".join(f"{start + i}、{p}" for i, p in enumerate(pieces))


def page_numbers(text: str, every: int, start: int = 1) -> str:
    """Insert an increasing page number about every ``every`` characters, at the next place
    where a reader can still tell it from a quantity: between two Han characters of running
    text, with nothing after it that it could count or measure."""
    from .normalizers.pagebreak import _candidate_pattern

    candidate = _candidate_pattern()
    out, pos, page = [], 0, start
    target = every
    n = len(text)
    while target < n:
        i = target
        while i < n:
            # Judge the place as the cleaner will see it: after line breaks and chunk
            # prefixes are gone.
            window = _BREAK.sub("", text[max(0, i - 24):i])[-8:]
            probe = window + str(page) + _BREAK.sub("", text[i:i + 24])[:8]
            m = candidate.match(probe, len(window))
            spilled = m is not None and m.end() == len(window) + len(str(page))
            if _HAN.match(text[i - 1]) and _HAN.match(text[i]) and spilled:
                break
            i += 1
        if i >= n:
            break
        out.append(text[pos:i])
        out.append(str(page))
        page += 1
        pos = i
        target = i + every
    out.append(text[pos:])
    return "".join(out)


def running_header(text: str, header: str, every_lines: int, folios: bool = False) -> str:
    """Insert a running header line before every ``every_lines`` lines (a page).

    A header is only told from a recurring line of the document itself where the document
    shows pages (§4); ``folios=True`` also puts each page's number on a line of its own
    (``- 3 -``) under the header, as printed pages carry them.
    """
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        if i % every_lines == 0:
            out.append(header)
            if folios:
                out.append(f"- {i // every_lines + 1} -")
        out.append(line)
    return "\n".join(out)
