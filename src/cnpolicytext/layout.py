"""Line boundaries: kept, joined or split, each decided from evidence (CONVENTIONS §3, §3a, §4).

Joining two lines is the most dangerous layout repair: a wrong join glues a heading onto
its body or a contact block into one line, and a cleaner run over millions of documents
nobody reads must not do that. So every boundary between two lines is kept unless the
document gives positive evidence that the line was cut, and the evidence is named in the
edit's reason. The rules live here, together, so that they can be read and tested as one.

Evidence that a line was cut (:func:`join_reason`), strongest first:

* the line ends where no sentence or heading can end: ``，`` ``、`` or an opening bracket
  or quote — also across blank lines (§4), since a later round, which no longer sees the
  blank lines, must come to the same verdict;
* the next line begins where no line can begin (行首禁则): a closing mark or a pause mark;
* the document has a wrap width that many of its running lines share, and this line
  reaches it (a bare heading, a label or a date only when it fills the line);
* in a document that does not show the opposite, the line stops mid-sentence after a
  sentence end inside it (``其中1996年为2.6万元。1997年起``).

Lines that stand alone and are never joined by the last two kinds (:func:`stands_alone`):
markup lines (§3a, never joined at all), headings and numbered items (§6 markers,
``第X章/节/条/编``), short label lines (``地址：…``, ``E-mail:…``), dates, captions; nothing is
joined onto them. The last two kinds never reach across a blank line (unless blank lines
are the layout of a wrapped text), and a document that shows no hard wraps — four in five
of its long lines end sentences — is not joined by the last kind at all.

The splits of a text flattened into one line (§3) are the other half of the same question;
their patterns are here too (:data:`AFTER_SENTENCE`, :data:`BEFORE_MARKER`,
:data:`AFTER_HEADING`, :data:`AFTER_CHAPTER`), and no split falls inside a markup line.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from .chars import (
    ANY_SPACE,
    CHINESE,
    CJK_CLOSE,
    CJK_OPEN,
    DOCUMENT_GENRES,
    HSPACE,
    MARKER,
    PARAGRAPH_END,
    SENTENCE_END,
    SPACE_CHARS,
)
from .markup import is_markdown, markup_line

__all__ = [
    "AFTER_CHAPTER",
    "AFTER_HEADING",
    "AFTER_SENTENCE",
    "ARTICLE_LINE",
    "BEFORE_ARTICLE",
    "BEFORE_MARKER",
    "HAN_GAP",
    "ITEM_START",
    "LABEL_KEY",
    "PAUSE_OR_SENTENCE_MARK",
    "Layout",
    "analyse",
    "count_running_han_gaps",
    "display_width",
    "ends_paragraph",
    "inside",
    "is_row",
    "is_title_line",
    "join_reason",
    "join_separator",
    "markup_lines",
    "row_lines",
    "stands_alone",
    "stops_mid_sentence",
]

_S = f"[{HSPACE}]"

#: A heading or numbered item at a line start: a §6 marker (maybe behind a stray mark), a
#: bullet, or a 第X章/节/条/编/部分 heading.
ITEM_START = regex.compile(
    rf"(?<!{_S}){_S}*+(?:[、，,]?{MARKER}|(?:——?|[●·•■◆□▲])(?=\S)"
    rf"|第[一二三四五六七八九十百千零〇\d]{{1,8}}(?:章|节|条|编|部分))")
# A label line: a short key (letter-spaced maybe: 索 引 号：), a colon, a value without
# sentence punctuation (地址：…, 标 题：关于…的通知, E-mail:…, 预算金额：¥3,500,000.00).
_LABEL = regex.compile(
    r"[^\s：:，。；！？](?:[^：:，。；！？\n]{0,10}[^\s：:，。；！？])?[：:](?:[^，。；！？,;!?]|(?<=\d),(?=\d)){1,60}")
#: A label's key: two to six Han characters and a colon (出席：, 联系人：, 采购需求：).
LABEL_KEY = r"\p{Han}{2,6}[：:]"
# A line that opens with a label's key of its own (采购需求：…): no rest of the line above.
_LABEL_KEY_START = regex.compile(LABEL_KEY)
# A date (a year and a month at least), alone or opening a promulgation line without
# sentence punctuation (2021年6月23日 示范市人民代表大会常务委员会通过).
_DATE = regex.compile(
    r"[（(]?(?:\d{4}|[〇○零一二三四五六七八九OoＯ]{4})年"
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})日)?")
# A caption: 图1 …, 表2 …, 附图, or a photo credit (… 摄).
_CAPTION = regex.compile(r"(?:[图表]\s*+\d{1,3}(?:[.．-]\d{1,3})?+(?![\d.%])|附[图表]|[（(]?[^，。；]{0,40}摄[）)]?$)")
# A photo credit closing a caption line after its sentence (图为…活动。王某 摄, …。（记者 王某 摄）).
_CREDIT_AFTER_SENTENCE = regex.compile(r"[。！？][（(]?[^，。；！？,;!?]{1,20}摄[）)]?$")
_PUNCT = regex.compile(r"[，。、；：！？,;:!?]")
#: A pause or sentence mark (a label, a date, a caption holds none).
PAUSE_OR_SENTENCE_MARK = regex.compile(r"[，。；！？,;!?]")
#: Circled numbers a note reference is written with (①…⑳, ⑴…⒇).
_NOTE_MARKS = "".join(map(chr, range(0x2460, 0x2474))) + "".join(map(chr, range(0x2474, 0x2488)))
_SENTENCE_MARKS = "。！？；!?;"
#: The marks that end a sentence inside a line that then stops mid-sentence
#: (其中1996年为2.6万元。1997年起): 。！？ only. A ； parts the clauses of one sentence or the
#: fields of a label line (时间：上午9时；下午3时, 联系人：…；电话：…) and an item that an
#: alternative closes (a) …；或), each a line of its own as written.
_ENDS_INSIDE = "。！？!?"
_SENTENCE_END_INSIDE = regex.compile(rf"[{_ENDS_INSIDE}][^{_SENTENCE_MARKS}]")
#: Punctuation inside a line that shows it is running text (pagebreak uses it too).
INNER_PUNCT = regex.compile(r"[，。、；：！？,;:]")
_HAN = regex.compile(r"\p{Han}")
#: A line may not start with these (行首禁则): a cut fell before them.
NO_LINE_START = "。，、；：！？）》」』〕】〉”’,;:?"  # ASCII ,;:? too: punctuation turns them into ，；：？
#: A sentence or heading cannot end with these: a cut fell after them.
NO_LINE_END = "，、" + CJK_OPEN


_NEWLINE = regex.compile(r"\n")


def line_starts(text: str) -> list[int]:
    """The offset where each line of ``text`` starts (bisect it to find a position's line)."""
    return [0, *(m.end() for m in _NEWLINE.finditer(text))]


def ends_paragraph(line: str) -> bool:
    """Whether a line closes its paragraph: a sentence end, maybe behind closing marks or
    note references (…的决定。① is a sentence end with its note's number, §6), or the full
    stop of an English sentence (``… will not be accepted.``: a word, a space and a word
    before the ``.``, so that neither a decimal, a URL nor ``No.`` counts)."""
    if not line:
        return True
    if line[-1] not in _AFTER_THE_END:  # most lines: their last character decides
        if line[-1] == ".":
            return _ENGLISH_FULL_STOP.search(line[-64:]) is not None
        return line[-1] in _PARAGRAPH_ENDS
    tail = line[-256:]  # closing marks after the end: read the tail, not a copy of the line
    stripped = tail.rstrip(_NOTE_MARKS).rstrip(_CLOSING_MARKS)
    if not stripped and len(tail) < len(line):
        stripped = line.rstrip(_NOTE_MARKS).rstrip(_CLOSING_MARKS)
    return stripped[-1:] in _PARAGRAPH_ENDS


def stops_mid_sentence(line: str) -> bool:
    """Running text cut off mid-sentence: punctuation inside, none at the end (nor a comma
    or a pause mark, after which a list may follow)."""
    body = ITEM_START.sub("", line, count=1)
    return not ends_paragraph(body) and body[-1:] not in "，、," and INNER_PUNCT.search(body) is not None


_CLOSING_MARKS = CJK_CLOSE + "\"'"
#: An English sentence's full stop at a line's end: two words before it, the last of
#: lower-case letters (``deadline.``; not ``No.``, ``U.S.``, ``gov.`` of a cut address).
_ENGLISH_FULL_STOP = regex.compile(r"[A-Za-z]\x20[A-Za-z]?[a-z]{2,}\.$")
#: What may stand after a sentence's end on its line: closing marks and note references.
_AFTER_THE_END = frozenset(_NOTE_MARKS + _CLOSING_MARKS)
_PARAGRAPH_ENDS = PARAGRAPH_END + "!?;:"


@dataclass(frozen=True)
class Layout:
    """What the whole document says about its lines; decided once, never from one line."""

    #: The wrap width many lines share (0: none).
    width: int = 0
    #: The document shows a wrap width (enough lines reach it without ending a sentence).
    wrapped: bool = False
    #: A blank line after (nearly) every line of a wrapped text: blank lines are layout.
    layout_blanks: bool = False
    #: The document shows no hard wraps: its long lines end sentences.
    unwrapped: bool = False
    #: The document shows Markdown (§3a).
    markdown: bool = False
    #: The lines (bodies) that are rows of a table or an aligned list (:func:`row_lines`) or
    #: records of a list (:func:`record_lines`).
    rows: frozenset[str] = frozenset()
    #: Those of :attr:`rows` that are records of a list (:func:`record_lines`).
    records: frozenset[str] = frozenset()

    def tolerance(self) -> int:
        return max(2, self.width // 10)

    def longest_wrapped(self) -> int:
        """The longest a wrapped line of this width is: a label (a date, a caption) longer
        than that is one whose rest has been joined back already, and fills no line."""
        return self.width + max(3, self.width // 4)


def _wrap_width(bodies: list[str]) -> int:
    """The most common length of the lines of 15 characters or more (a candidate width)."""
    counts = Counter(n for n in map(len, bodies) if n >= 15)
    if not counts:
        return 0
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]


def analyse(lines: list[str], text: str | None = None) -> Layout:
    """The layout evidence of a document, from its lines (with their spaces).

    The wrap width is looked for among the lines of running text only: headings, labels
    and markup lines of one length are no evidence of a wrap, and a line far longer than
    the width is a paragraph, not a wrapped line.
    """
    markdown = is_markdown(text if text is not None else "\n".join(lines))
    bodies = [ln.strip(SPACE_CHARS) for ln in lines]
    full = list(filter(None, bodies))
    records = frozenset(full[k] for k in record_lines(full))
    rows = records | frozenset(full[k] for k in row_lines(full, markdown))
    plain = Layout(markdown=markdown)
    # A line that ends a sentence counts as running text here, whatever else it is; only
    # the others are asked whether they stand alone (the cheap test first). Each line is
    # asked once: ``going_on`` keeps the running lines that do not end a sentence, ``prose``
    # counts the running lines that pause inside (，、。…).
    running: list[str] = []
    going_on: list[str] = []
    followed: list[int] = []  # the index in ``full`` of each line that goes on
    prose = 0
    for k, b in enumerate(full):
        if ends_paragraph(b):
            running.append(b)
            prose += 1
        elif b in rows:
            continue  # a table's rows are as long as each other by alignment, not by a wrap
        elif _is_running(b, plain):
            running.append(b)
            going_on.append(b)
            followed.append(k + 1)
            prose += INNER_PUNCT.search(b) is not None
    # The width is the most common length of the lines that go on (a wrapped line does not
    # end its sentence); the last line of a paragraph is shorter and varies.
    width = _wrap_width(going_on) if len(full) >= 4 else 0
    wrapped = False
    if width >= 15:
        # The lines that show it: near the width, and followed by a line that can go on
        # with them. One followed by a heading or a numbered item (…邮编：510000 ⏎ 二、…), or
        # by nothing, ended there, whatever its length: no evidence of a cut.
        low, high = width - max(2, width // 10), width + max(3, width // 4)
        near = [b for b, k in zip(going_on, followed, strict=True)
                if low <= len(b) <= high and k < len(full) and not stands_alone(full[k], plain)]
        # Wrapped prose pauses inside many of its lines (at a narrow width, one in three at
        # least): cells of a table, titles and slogans as long as each other hold no mark,
        # and show no wrap width (nor count among prose).
        pausing = sum(1 for b in near if INNER_PUNCT.search(b) is not None)
        wrapped = len(near) >= max(3, 0.2 * prose) and 3 * pausing >= len(near)
    boundaries = max(1, len(full) - 1)
    # The lines with text that a blank line follows: each line a byte, 1 if it holds text.
    gaps = bytes(map(bool, bodies)).count(b"\x01\x00")
    layout_blanks = wrapped and gaps >= 0.6 * boundaries
    # Whether long lines end sentences is judged on the lines as they read once the cuts
    # that need no judgement are mended (a line ending in 《, one starting with 》): so the
    # verdict is the same before those joins and after them, and cleaning stays idempotent.
    unwrapped = False
    if not wrapped:
        long = [b for b in _mended(running) if len(b) >= 30]
        unwrapped = len(long) >= 2 and sum(1 for b in long if ends_paragraph(b)) >= 0.8 * len(long)
    return Layout(width if wrapped else 0, wrapped, layout_blanks, unwrapped, markdown, rows, records)


#: A cell of a table or an item of an aligned list: words, numbers, units and the marks
#: that a name or an amount holds, a comma between digit groups (1,200.00) among them (no
#: pause or sentence mark: running text pauses).
_ROW_FIELD = regex.compile(r"(?:[\p{Han}\p{L}\p{N}（）()《》〈〉<>%‰.．\-－—/·：:～~×+¥￥$]|(?<=\d),(?=\d))++")
_HAS_DIGIT = regex.compile(r"\d")
#: A number in a cell (20, 1,200.00, ¥350): the cell after it may be its unit (20 张).
_NUMBER_CELL = regex.compile(r"[¥￥$]?\d[\d,.]*+")


#: A run of spaces between two fields of a line.
_FIELD_GAP = regex.compile(rf"{_S}++")
#: What :func:`is_row` tells: a row of aligned fields, a row of cells.
ROW_ALIGNED, ROW_CELLS = 1, 2


def is_row(body: str) -> int:
    """How a line (its body) reads as a row of a table or an aligned list, 0 if it does not:
    three fields or more set apart by spaces, each made of words, numbers and the marks of a
    name or an amount, and either

    * ``ALIGNED`` (1): every gap a run of two spaces or more, or an ideographic space or a
      tab (``王  芳　李建国　张  伟``): layout, where stray spaces are single ASCII spaces;
    * ``CELLS`` (2): every field a word of two characters or more, a number, or the unit
      after a number (``1 老旧小区改造 住建局 续建``, ``1 办公桌 20 张 1,200.00``; 年 月 日
      after numbers are a spaced-out date, ``2024 年 3 月``): a stray
      space splits a word, and leaves one character on a side (``濮阳市华龙区人 民 政府``,
      and a letter-spaced title, ``关 于 印 发``).
    """
    fields = body.split()
    if len(fields) < 3 or not all(_ROW_FIELD.fullmatch(f) for f in fields):
        return 0
    if all(len(g) >= 2 or g != " " for g in _FIELD_GAP.findall(body)):
        return ROW_ALIGNED
    if all(len(f) >= 2 or f.isdigit() or (k and f not in "年月日" and _NUMBER_CELL.fullmatch(fields[k - 1]))
           for k, f in enumerate(fields)):
        return ROW_CELLS
    return 0


def row_lines(bodies: list[str], markdown: bool) -> list[int]:
    """The indices of the lines (non-blank bodies, in order) that are rows of a table or an
    aligned list: a line that reads as a row (:func:`is_row`) beside another that does —
    for two lines of single-spaced words, one of as many fields (the columns of a table).
    One such line alone could be running text with stray spaces; a table has rows, a list
    has lines. A row's spaces separate its cells and names, and its length is the
    alignment's: it is no wrapped line, and nothing is joined to it by the wrap width (§4).
    A markup line (§3a) is none: a Markdown heading or table row keeps its own form
    (``markdown``: the document shows Markdown, :func:`markup.is_markdown`)."""
    kinds = [is_row(b) if ANY_SPACE.search(b) is not None and not markup_line(b, markdown=markdown) else 0
             for b in bodies]
    fields = [len(b.split()) if kind else 0 for b, kind in zip(bodies, kinds, strict=True)]

    def pair(k: int, j: int) -> bool:
        if not (0 <= j < len(kinds)) or not kinds[j]:
            return False
        # A row of counts may leave its last cell empty: one field fewer than its neighbour's.
        return kinds[k] == ROW_ALIGNED or kinds[j] == ROW_ALIGNED or fields[k] == fields[j] \
            or (min(fields[k], fields[j]) >= 4 and abs(fields[k] - fields[j]) == 1
                and _HAS_DIGIT.search(bodies[k]) is not None and _HAS_DIGIT.search(bodies[j]) is not None)

    return [k for k, kind in enumerate(kinds) if kind and (pair(k, k - 1) or pair(k, k + 1))]


#: What sets apart the fields of a record written on one line (张某某，男，1978年5月出生，…).
_RECORD_COMMA = regex.compile(r"[，,]")
_SENTENCE_MARK = regex.compile(f"[{_SENTENCE_MARKS}]")
#: The fewest fields of a record, and the longest field: a record's fields are short values.
_RECORD_FIELDS, _RECORD_FIELD = 4, 20


def _record_fields(body: str) -> list[str] | None:
    """A line's comma-separated fields, if it can be a record of a list: four fields or more,
    each short and none empty, no sentence mark inside, and no mark at the end (a wrapped
    line may stop on a comma; a record ends where its last field ends)."""
    if _PUNCT.match(body[-1]) is not None or _SENTENCE_MARK.search(body) is not None:
        return None
    fields = _RECORD_COMMA.split(body)
    if len(fields) < _RECORD_FIELDS or not all(0 < len(f) <= _RECORD_FIELD for f in fields):
        return None
    return fields


def record_lines(bodies: list[str]) -> list[int]:
    """The indices of the lines (non-blank bodies, in order) that are records of a list, one
    per line, their fields set apart by commas (a 任前公示 list: ``张某某，男，汉族，1978年5月
    出生，…，拟任某某局局长``): a line beside another of as many fields, two of them the same
    value in the same place (汉族, 中共党员). Wrapped prose pauses where its sentences do and
    says a thing once; a wrapped list of names (张三，李四，…) names each once. Such a line ends
    where its record ends: no wrap width joins it to the next."""
    fields = [_record_fields(b) if _RECORD_COMMA.search(b) is not None else None for b in bodies]

    def pair(k: int, j: int) -> bool:
        a = fields[k]
        b = fields[j] if 0 <= j < len(fields) else None
        return a is not None and b is not None and len(a) == len(b) \
            and sum(x == y for x, y in zip(a, b, strict=True)) >= 2

    return [k for k in range(len(bodies)) if pair(k, k - 1) or pair(k, k + 1)]


def _is_running(line: str, plain: Layout) -> bool:
    """Whether a line that does not end a sentence is running text for the wrap width: a
    numbered item with text (第一条　为了…，…) wraps like any paragraph; a bare heading, a
    label or a markup line does not."""
    alone = stands_alone(line, plain)
    return not alone or (alone == "heading or numbered item" and item_with_text(line))


#: An article's marker (第十八条, 第18条).
ARTICLE = r"第[一二三四五六七八九十百千零〇\d]{1,8}条"
_ARTICLE = regex.compile(ARTICLE)
_BRACKETS = frozenset(CJK_OPEN + CJK_CLOSE)


def item_with_text(line: str) -> bool:
    """Whether a line that opens with a marker is an item with its text (第一条　为了…，
    （一）倾听民意，广纳民智；) rather than a bare heading: an article, punctuation after the
    marker, or a line too long for a title."""
    if len(line) >= 40 or _ARTICLE.match(line):
        return True
    return _short_item_with_text(line)


@lru_cache(maxsize=1 << 12)
def _short_item_with_text(line: str) -> bool:
    """:func:`item_with_text` of a line too short to be an item by its length alone,
    remembered: headings recur, in a document and in the next round."""
    start = ITEM_START.match(line)
    body = line[start.end():] if start is not None else line
    return _PUNCT.search(body) is not None or not _BRACKETS.isdisjoint(body)


def _mended(lines: list[str]) -> list[str]:
    """Lines joined across every boundary that ends where no sentence ends or begins where no
    line begins."""
    out: list[str] = []
    # The line being mended is kept in pieces, joined once (extending it piece by piece
    # copied it each time: quadratic in a run of cut lines); whether it was cut is read
    # from its last two characters, all that _cut_after reads.
    pieces: list[str] = []
    tail = ""
    for line in lines:
        if pieces and (_cut_after(tail) or line[0] in NO_LINE_START):
            pieces.append(line)
            tail = (tail + line)[-2:]
        else:
            if pieces:
                out.append("".join(pieces))
            pieces = [line]
            tail = line[-2:]
    if pieces:
        out.append("".join(pieces))
    return out


def stands_alone(line: str, layout: Layout, marks: bool | None = None) -> str:
    """Why a line (its body, without edge spaces) is never joined to a neighbour, or ''.

    ``marks``: whether a pause or sentence mark stands anywhere in a long line, when the
    caller knows (a line being built by joins), so that it is not looked for again."""
    if len(line) <= _CACHED_LINE:
        return _stands_alone_cached(line, layout.markdown)
    return _stands_alone(line, layout.markdown, marks)


#: Lines up to this length have their :func:`stands_alone` verdict remembered: a document
#: asks about each line several times (its layout, then each boundary on both sides) and
#: again in the next round, and most lines are short; a long line is answered fast anyway.
_CACHED_LINE = 256


def _stands_alone(line: str, markdown: bool, marks: bool | None = None) -> str:
    if markup_line(line, markdown=markdown):
        return "markup line"
    if ITEM_START.match(line):
        return "heading or numbered item"
    if len(line) <= 60 and _LABEL.fullmatch(line):
        return "label line"
    date = _DATE.match(line)
    if date is not None and not (PAUSE_OR_SENTENCE_MARK.search(line) is not None if marks is None else marks):
        return "date line"
    if len(line) <= 60 and _CAPTION.match(line) and not PAUSE_OR_SENTENCE_MARK.search(line[:-1]):
        return "caption"
    if line[-1:] in "摄）)" and _CREDIT_AFTER_SENTENCE.search(line[-24:]):
        return "caption"
    if line[:1] in "（(" and line[-1:] in "）)" and _one_bracket(line):
        return "bracketed line"
    return ""


_TITLE_MARKS = "，。、；：！？,;:!?"
#: How a sentence that cites a document opens (根据…关于…的通知要求, 为贯彻落实…): no title.
_PROSE_OPENING = "根据|按照|依据|依照|遵照|为|贯彻|落实|结合|参照|对照|经|在|由|将|把|以|向|从|自|当|凡|各|请|现|对"
#: A document's title written whole on a line: maybe its issuer, 关于, the matter, 的 and the
#: genre (…的通知, …的指导意见), maybe a bracketed state (（征求意见稿）, （试行）), no pause or
#: sentence mark.
_TITLE_LINE = regex.compile(
    rf"(?!{_PROSE_OPENING})[^{_TITLE_MARKS}]{{0,30}}关于[^{_TITLE_MARKS}]{{2,60}}的(?:指导|实施|工作|若干)?"
    rf"(?:{DOCUMENT_GENRES})(?:[（(][^（）(){_TITLE_MARKS}]{{1,10}}[）)])?")


def is_title_line(body: str) -> bool:
    """Whether a line (its body) is a document's title written whole
    (``示范市人民政府关于印发…行动计划的通知``): where such a line opens a paragraph, a wrap
    that stopped right after its genre word is less likely than a title as long as the
    page is wide."""
    return len(body) <= 100 and _TITLE_LINE.fullmatch(body) is not None


def _one_bracket(line: str) -> bool:
    """Whether the bracket that opens ``line`` closes at its end: a note set apart on a line
    of its own (``（此件主动公开，联系人：…）``), which a wrap cannot produce but by chance."""
    depth = 0
    for k, c in enumerate(line):
        if c in "（(":
            depth += 1
        elif c in "）)":
            depth -= 1
            if depth == 0:
                return k == len(line) - 1
    return False


@lru_cache(maxsize=1 << 14)
def _stands_alone_cached(line: str, markdown: bool) -> str:
    return _stands_alone(line, markdown)


def _cut_after(line: str) -> bool:
    return line[-1:] in NO_LINE_END or (line[-1:] == "," and len(line) > 1 and _HAN.match(line[-2]) is not None)


def display_width(text: str) -> float:
    """How wide ``text`` is set, in Han characters: an ASCII character is half as wide."""
    return len(text) - len(text.encode("ascii", "ignore")) / 2


#: The end of a line of English prose: three words or more, each set apart by one space
#: (a typesetter breaks such a line between two words; ``广义货币M ⏎ 2`` is no prose).
_ENGLISH_PROSE_END = regex.compile(r"(?:[A-Za-z][A-Za-z'’-]*+[,;:]?\x20){2}[A-Za-z][A-Za-z'’-]*+[,;:]?$")


def join_separator(line: str, nxt: str) -> str:
    """What a join of ``line`` (the line as it stands) and ``nxt`` puts between them: a
    space where English prose broke between two words (``the record of ⏎ information``),
    nothing otherwise (Han is written without spaces, §3)."""
    if nxt[:1].isascii() and nxt[:1].isalnum() and line[-1:].isascii() \
            and _ENGLISH_PROSE_END.search(line[-80:]) is not None:
        return " "
    return ""


def sentence_ends_inside(text: str) -> bool:
    """Whether a sentence ends inside ``text`` (a sentence mark with more text after it)."""
    return _SENTENCE_END_INSIDE.search(text) is not None


def sentence_ends_inside_joined(before: bool, head: str, tail: str) -> bool:
    """:func:`sentence_ends_inside` of ``head + tail`` from ``before`` (its value for
    ``head``), reading only ``tail``: linear over a run of joins."""
    return before or sentence_ends_inside(tail) or (
        head[-1:] in _ENDS_INSIDE and tail[:1] != "" and tail[0] not in _SENTENCE_MARKS)


_BARE_NUMBER = regex.compile(r"\d++(?:\.\d++)?")


def join_reason(line: str, nxt: str, blank: bool, layout: Layout, ended_inside: bool | None = None,
                punct: bool | None = None, marks: bool | None = None, last: str | None = None) -> str:
    """The evidence that ``line`` was cut and goes on in ``nxt``, or '' to keep the break.

    ``line`` and ``nxt`` are line bodies (no edge spaces); ``blank`` says blank lines stand
    between them. ``line`` may be a line that earlier joins of this pass built: the next
    round would see it so, and one pass decides what the fixed point would. For such a
    line the caller passes what it knows of it, so that nothing scans it again:
    ``ended_inside`` (a sentence ended inside it), ``punct`` (:data:`INNER_PUNCT` stands in
    it) and ``marks`` (a pause or sentence mark stands in it), and ``last``, the line as it
    stands in the text (the last piece of the built one). Only that piece can have been cut
    at the wrap width: a title wrapped onto a short second line (…的实 ⏎ 施意见) is joined
    back, and what it built does not reach the width again to be joined onto the line after.
    """
    if not line or not nxt:
        return ""
    under_a_symbol = line[-1].isascii() and line[-1].isalpha()
    if (line[-1].isdigit() and nxt[0].isdigit()) or (not under_a_symbol and _BARE_NUMBER.fullmatch(nxt)):
        # Digits joined to digits make another number (利润 ⏎ 3 ⏎ 32.4亿元: 332.4), and a
        # number alone on a line is a page's or a table's, but under a symbol it is the
        # symbol's index (广义货币M ⏎ 2, PM ⏎ 2.5): §7, a value never changes.
        return ""
    ends = ends_paragraph(line)
    if ends and nxt[0] not in NO_LINE_START:
        return ""  # the common case, decided without looking further
    alone = stands_alone(line, layout, marks)
    # A markup line is never joined (a line that stands alone as markup is one: its
    # verdict is the first asked), nor is anything joined onto a line that stands alone.
    if alone == "markup line" or stands_alone(nxt, layout):
        return ""
    if nxt[0] in NO_LINE_START:
        return f"next line starts with {nxt[0]}, which no line starts with"
    piece = line if last is None else last  # the line as it stands in the text
    if layout.rows and (piece in layout.rows or nxt in layout.rows) and not (
            # ... but a record longer than the width wraps onto a short rest (…拟任示范市发展和改革委
            # ⏎ 员会主任), which the tests below may join
            piece in layout.records and nxt not in layout.rows and 2 * len(nxt) < layout.width
            and _RECORD_COMMA.search(nxt) is None):
        return ""  # a row of a table or a list ends where its cells end
    # The tests of the wrap width read that line: cut at the width, it is at least about as
    # long, and no wider than a wrapped line can be (digits and Latin letters are half as
    # wide as Han: a line of them holds more characters).
    cut = len(piece)
    fills = layout.width - layout.tolerance() <= cut and display_width(piece) <= layout.longest_wrapped()
    if alone in ("label line", "date line", "caption") and layout.wrapped \
            and layout.width <= cut <= layout.longest_wrapped() \
            and len(nxt) < layout.width - layout.tolerance() and not blank \
            and _LABEL_KEY_START.match(nxt) is None:
        # A label (a date, a caption) that fills the wrap width, then the short rest of it
        # (E-mail:off… ice.cn).
        return f"wrap width {layout.width}: {alone} fills the line, its rest follows"
    if _cut_after(line):
        if alone and alone != "heading or numbered item":
            return ""
        return f"line ends in {line[-1]}, where no sentence ends"
    if alone == "heading or numbered item" and layout.wrapped and not blank and not ends:
        # A numbered item with text (第一条　为了…，…) wraps like a paragraph; a bare heading
        # goes on only when it fills the whole line (one exactly as long as the wrap width
        # cannot be told from a cut one, and is joined).
        if item_with_text(line) and fills:
            return f"wrap width {layout.width}: numbered item reaches it"
        if fills and cut >= layout.width:
            return f"wrap width {layout.width}: heading fills the line"
        return ""
    if alone or ends or layout.unwrapped:
        return ""
    if blank and not layout.layout_blanks:
        return ""
    if layout.wrapped:
        if fills:
            return f"wrap width {layout.width}: line reaches it"
        if (INNER_PUNCT.search(line) is not None if punct is None else punct) and _PUNCT.search(line[-1]) is None:
            return f"wrap width {layout.width}: line stops mid-sentence"
        return ""
    # Without a wrap width, a line stopping mid-sentence is cut only when a sentence ended
    # inside it (其中1996年为2.6万元。1997年起): a title may hold a comma (关于加快发展，推进
    # 改革的意见), and so may a lead sentence set apart without its full stop (第一，…起步).
    if sentence_ends_inside(line) if ended_inside is None else ended_inside:
        return "line stops mid-sentence after punctuation inside it"
    return ""


# -- splits of flattened text (§3) ------------------------------------------------------
_BULLET = r"(?:——?|[●·•])\p{Han}"
#: A space after a sentence end (maybe closed by a quote/bracket) before Han or an opening mark.
AFTER_SENTENCE = regex.compile(
    rf"[{SENTENCE_END}][{CJK_CLOSE}]*+\K{_S}++(?=[\p{{Han}}{CJK_OPEN}(\"]|{_BULLET})")
#: A space before a numbering marker that opens a heading or item — not one that goes on
#: with an enumeration inside a sentence (``第（三）、 （四）项``): no pause mark or 第
#: before it, no 项/款/条/目 after it; nor a number that a reference before it points to
#: (``详见附件 2. 相关表格…``, ``见表 3. …``: §4, a number something refers to stays; a list
#: after a label, ``附件 1. 申请书 2. 汇总表``, still opens its lines). An ASCII ``;`` after
#: Han text is the ``；`` that punctuation will write (给予警告; (二)…).
BEFORE_MARKER = regex.compile(
    rf"(?<=[{CHINESE}]|\p{{Han}};)(?<![、，,第（(])(?<!见附件)(?<!见[表图]){_S}++(?={MARKER}(?![项款条目]){_S}?+[\p{{Han}}{CJK_OPEN}(\"])")
#: A space after a sentence end before an article's marker (``…继续教育。 第十八条…``) — not one
#: that a sentence opens with (``第十八条规定的…``, ``第十八条第二款…``, ``第十八条至…``).
BEFORE_ARTICLE = regex.compile(
    rf"[{SENTENCE_END}][{CJK_CLOSE}]*+\K{_S}++(?={ARTICLE}(?![规第的所中款项和至或、，,]))")
#: A space between a chapter's heading that opens a line (``第一章 总则``: 第X章/节/编, a space,
#: a short title without sentence punctuation) and an article written with a space after
#: its marker (``第一条 为了…``): a law flattened into one line, whose articles open lines.
AFTER_CHAPTER = regex.compile(
    rf"(?m)^{_S}*+第[一二三四五六七八九十百千零〇\d]{{1,8}}[章节编]{_S}++"
    rf"[^\n{HSPACE}。！？，；：“”‘’\"]{{0,29}}\p{{Han}}\K{_S}++(?={ARTICLE}{_S})")
#: A line that opens with an article's marker (behind a Markdown heading marker, maybe).
ARTICLE_LINE = regex.compile(rf"(?m)^{_S}*+(?:#{{1,6}}[ \t]++)?{ARTICLE}")
# Page furniture as it may end a line (``第3页``): a heading's title never ends in one.
_FURNITURE_TAIL = (
    rf"(?:[-－—–·•]{_S}*+\d{{1,4}}{_S}*+[-－—–·•]|第{_S}*+\d{{1,4}}{_S}*+页"
    rf"|Page{_S}++\d{{1,4}}|\d{{1,4}}{_S}*+/{_S}*+\d{{1,4}}){_S}*+$")
#: A space that ends a heading line: marker, a short title without sentence punctuation.
AFTER_HEADING = regex.compile(
    rf"(?m)^{MARKER}[^\n{HSPACE}。！？，；：“”‘’\"]{{0,29}}\p{{Han}}\K{_S}++(?=[\p{{Han}}{CJK_OPEN}(\"]|{_BULLET})"
    rf"(?!{_FURNITURE_TAIL})")

#: A run of spaces between two Han characters.
HAN_GAP = regex.compile(rf"(?<=\p{{Han}}){_S}++(?=\p{{Han}})")
_RUNNING_END = regex.compile(r"[，。,][^，。,\n]*+$", regex.MULTILINE)


def count_running_han_gaps(text: str) -> int:
    """Spaces between two Han characters with a comma or full stop after them on their
    line (running text, not a title): in linear time, one scan of each pattern."""
    ends = [m.start() for m in _RUNNING_END.finditer(text)]  # the last mark of each line
    if not ends:
        return 0
    count = k = 0
    line_end = -1
    for m in HAN_GAP.finditer(text):
        if m.start() > line_end:
            line_end = text.find("\n", m.end())
            if line_end < 0:
                line_end = len(text)
        while k < len(ends) and ends[k] < m.end():
            k += 1
        if k == len(ends):
            break
        if ends[k] < line_end:
            count += 1
    return count


def markup_lines(text: str, markdown: bool) -> list[tuple[int, int]]:
    """The spans of the markup lines of ``text`` (§3a: never split, never joined)."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        if markup_line(line.lstrip(SPACE_CHARS), markdown=markdown):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` falls in one of the sorted, disjoint ``spans``."""
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos <= spans[k][1]
