"""`whitespace`: CONVENTIONS §3.

Policy texts use no spaces between Chinese words, so every space next to a Han
character or a Chinese punctuation mark is noise from extraction. Indentation, trailing
spaces, blank lines and stray spaces go; spaces between Latin words and digit groups stay.
The spaces that were paragraph breaks of a text flattened into one line became line breaks
earlier, in :mod:`.paragraphs`.
"""

from __future__ import annotations

import bisect
import itertools
import re

import regex

from ..chars import ANY_SPACE, CHINESE, HSPACE, SPACE_CHARS
from ..core import Context, Normalizer, register
from ..layout import HAN_GAP, LABEL_KEY, line_starts, markup_lines, row_lines
from ..markup import FENCE, LIST_MARKER, is_markdown, markup_line, markup_prefixes

_S = f"[{HSPACE}]"
# Runs are matched only from their first space ((?<!…)) and taken whole (possessive), so a
# long run of spaces is scanned once, not once per space.
_LINE_EDGES = regex.compile(rf"(?m)^{_S}++|(?<!{_S}){_S}++$")


def _strip_lines(text: str) -> str:
    """``_LINE_EDGES`` removed, when no edit is reported: each line stripped of the same
    spaces (6x quicker than the pattern's scan, which tries ``(?m)^`` at every position)."""
    return "\n".join(line.strip(SPACE_CHARS) for line in text.split("\n"))

# Indentation that is Markdown structure (§3a): a nested list item's, and every line's inside
# a fenced block (code keeps its indentation). Its precheck: an indented list marker or a fence.
# A nested item: its indentation and the space after its marker (both markup).
_NESTED_ITEM = regex.compile(rf"(?m)^(?P<indent>[ \t]++){LIST_MARKER}(?P<gap>[ \t]+)(?=\S)")
_FENCE = regex.compile(rf"(?m)^{FENCE}")


def _maybe_markdown_indent(text: str) -> bool:
    """The precheck of both: an indented line, or a fence's marks."""
    return text[:1] in (" ", "\t") or "\n " in text or "\n\t" in text or "```" in text or "~~~" in text


def _markdown_indents(text: str) -> set[int]:
    """Start offsets of the indentations that Markdown structure owns, in a Markdown document."""
    if not _maybe_markdown_indent(text) or not is_markdown(text):
        return set()
    keep = {m.start("indent") for m in _NESTED_ITEM.finditer(text)}
    fences = [m.start() for m in _FENCE.finditer(text)]
    for opening, closing in zip(fences[::2], fences[1::2], strict=False):  # an unclosed fence: no block
        line = text.find("\n", opening) + 1
        while 0 < line < closing:
            if text[line:line + 1] in " \t":
                keep.add(line)
            line = text.find("\n", line) + 1
    return keep


_BLANK_LINES = regex.compile(rf"\n(?:{_S}*+\n)++")
#: Lines of Markdown that a line of text right under them would join (CommonMark's lazy
#: continuation): a block quote's, a list item's, a table row's.
_CONTAINER = regex.compile(rf"(?:>|\||{LIST_MARKER}[ \t])")
#: A setext heading's underline: under a line of text, it makes that line a heading.
_UNDERLINE = regex.compile(r"(?:=++|-++)$")


def _paragraph_head(text: str, end: int) -> str:
    """The line that opens the paragraph ending at ``end``: back over lines of text, to a
    markup line or the line after a blank one. A line of text right under an item or a
    quote goes on inside it (CommonMark's lazy continuation): its paragraph is the item's."""
    line_end = end
    while True:
        start = text.rfind("\n", 0, line_end) + 1
        body = text[start:line_end].strip(SPACE_CHARS)
        if not start or _CONTAINER.match(body) or markup_line(body, markdown=True):
            return body
        above = text[text.rfind("\n", 0, start - 1) + 1:start - 1]
        if not above.strip(SPACE_CHARS):
            return body
        line_end = start - 1


def _meaningful_blank_lines(text: str) -> set[int]:
    """The blank-line runs (:data:`_BLANK_LINES`, by their order in ``text``) that Markdown
    reads (§3a): between a block quote, a list item or a table row and a line of text, which
    without the blank line would go on inside the quote, the item or the table; and between
    a line of text and ``---`` or ``===``, which would make that line a heading. One blank
    line stays there: removed, it changes what the document says. Only in a Markdown
    document. Read before the line edges go (the runs keep their order): a line indented
    under a list item is the item's own paragraph, which the item keeps once its indentation
    is gone and the blank line with it."""
    if not is_markdown(text) or _BLANK_LINES.search(text) is None:
        return set()
    keep = set()
    item_paragraph = False  # the line before the run is an item's own paragraph
    for k, m in enumerate(_BLANK_LINES.finditer(text)):
        before = text[text.rfind("\n", 0, m.start()) + 1:m.start()].strip(SPACE_CHARS)
        end = text.find("\n", m.end())
        raw_after = text[m.end():end if end >= 0 else len(text)]
        after = raw_after.strip(SPACE_CHARS)
        in_item, item_paragraph = item_paragraph, False
        if not before or not after:
            continue
        head = _paragraph_head(text, m.start())
        container = _CONTAINER.match(head)
        if container is not None or in_item:
            # unless the next line is of the same container (a quote's, a row's, an item),
            # other markup, or the item's own paragraph
            same = _CONTAINER.match(after)
            if (in_item or head[0] not in ">|") and (raw_after[:2] == "  " or raw_after[:1] == "\t"):
                item_paragraph = True
                continue
            if (same is None and not markup_line(after, markdown=True)) \
                    or (same is not None and not in_item and head[0] in ">|" and after[0] != head[0]):
                keep.add(k)
        elif _UNDERLINE.match(after) and not markup_line(before, markdown=True):
            keep.add(k)
    return keep


_DOC_EDGES = regex.compile(r"^\n+|\n+$")
# A 第X章/节/条/编 heading (behind a Markdown heading marker, maybe): the gap after it.
_CHAPTER = "第[0-9一二三四五六七八九十百千零〇]{1,8}[章节条编]"
_CHAPTER_GAP = regex.compile(rf"(?m)^(?:#{{1,6}}[ \t]++)?{_CHAPTER}\K{_S}++(?=\S)")
# Its precheck (standard-library re, a quick search for 第): the heading with a space after it.
_MAYBE_CHAPTER_GAP = re.compile(f"{_CHAPTER}{_S}")
_STRAY = regex.compile(rf"(?<=[{CHINESE}]){_S}++|(?<!{_S}){_S}++(?=[{CHINESE}])")
_INDENT = regex.compile(r"(?m)^(?=.)")
# A number that opens a line, then a space, then Chinese text: a serial number of a list
# when the lines beside it open with the numbers before and after it (1 煤 / 2 石油 / 3 天然气).
_LINE_NUMBER = regex.compile(rf"(?m)^(\d{{1,3}})(?={_S}++[{CHINESE}])")
# Spaces that belong to markup (§3a): every space of a table row, inside an HTML comment's
# ends. A table's cells hold no running text: a space between two Han words of a cell
# separates two items (``| 失职罪 滥用职权罪 |``), and closing it up would make them one.
_TABLE_SPACE = regex.compile(rf"(?<!{_S}){_S}++")
_COMMENT_SPACE = regex.compile(rf"(?<=<!--){_S}++|(?<!{_S}){_S}++(?=-->)")


def _list_number_spaces(text: str) -> set[int]:
    """Start offsets of the spaces after the serial numbers of a list written one item per
    line (``1 煤`` ⏎ ``2 石油``): a line that opens with number n and a space keeps it when the
    line before opens so with n − 1 or the line after with n + 1. Closed up, ``34 矿泉水``
    would read as a count (``34矿泉水``); the list's own form stays as written (§4)."""
    if "\n" not in text:
        return set()
    found = [(m.start(), m.end(), int(m.group(1))) for m in _LINE_NUMBER.finditer(text)]
    keep: set[int] = set()
    for k, (start, end, number) in enumerate(found):
        for other in (k - 1, k + 1):
            if 0 <= other < len(found):
                o_start, o_end, o_number = found[other]
                lines_apart = text.count("\n", min(end, o_end), max(start, o_start))
                if lines_apart == 1 and o_number == number + (other - k):
                    keep.add(end)
                    break
    return keep


#: The spaces between a label's value (words, numbers and the marks of a name, an amount, a
#: date or an address; no pause) and the next label on its line (联系人：王某 电话：…,
#: 时间：… 地点：… 主持：…).
_BEFORE_LABEL = regex.compile(
    rf"(?<=(?:^|{_S}){LABEL_KEY}(?:[\p{{Han}}\p{{L}}\p{{N}}（）()《》\-－—/.．·@_%]|(?<=[\p{{L}}\p{{N}}])\x20(?=[\p{{L}}\p{{N}}])){{1,40}})"
    rf"{_S}++(?={LABEL_KEY})",
    regex.MULTILINE)
#: The last character of the name of a body (示范市财政局, 市委办公室, 某某有限公司).
_BODY_END = "局委厅部院会室处府办司行所站队社馆校组团心"
#: A body's name: four characters at least (示范市财政局; 办公室 or 员会 alone is the rest of
#: a name a stray space split).
_BODY = rf"\p{{Han}}{{3,18}}[{_BODY_END}]"
#: The key of a label that lists people or bodies (出席：, 列席人员：, 抄送：).
_LIST_KEY = r"\p{Han}{0,4}(?:出席|列席|参加|参会|缺席|请假|抄送|抄报|主送|分送|报送|成员|组长|委员|人员|单位|名单)[：:]"
#: A line of names set apart by spaces: bodies (示范市科学技术局　示范市财政局, the issuers of
#: a joint document), or behind a key that lists them, people too (出席：张三 李四 王五,
#: 抄送：市委办公室 市人大办公室). Without such a key, words of two to four characters are as
#: likely a letter-spaced phrase (加快 推进 高质量 发展, 会议主题：深化 改革), which closes up.
_NAME_LIST = regex.compile(
    rf"{_LIST_KEY}{_S}*+(?:(?:\p{{Han}}{{2,4}}|{_BODY}){_S}++)+(?:\p{{Han}}{{2,4}}|{_BODY})"
    rf"|(?:{_BODY}{_S}++)+{_BODY}")


def _field_spaces(text: str) -> set[int]:
    """Start offsets of the spaces that set apart the fields of a line: a label's value from
    the next label (``联系人：王某 电话：…``), and the names of a list of people or bodies
    (``出席：张三 李四 王五``, ``示范市科学技术局　示范市财政局``). Closed up, 王某电话 reads as a
    name and two issuers as one body (§4: in doubt, as written)."""
    keep = {m.start() for m in _BEFORE_LABEL.finditer(text)} if "：" in text or ":" in text else set()
    # A list of names has a space between two Han characters: only such lines are read.
    end = -1  # the end of the last line read
    for gap in HAN_GAP.finditer(text):
        if gap.start() < end:
            continue
        start = text.rfind("\n", 0, gap.start()) + 1
        end = text.find("\n", gap.end())
        end = len(text) if end < 0 else end
        line = text[start:end]
        first = start + len(line) - len(line.lstrip(SPACE_CHARS))  # the line's body, no edge spaces
        last = start + len(line.rstrip(SPACE_CHARS))
        if first < last and _NAME_LIST.fullmatch(text, first, last) is not None:
            keep.update(m.start() for m in _TABLE_SPACE.finditer(text, first, last))
    return keep


# A clause number of a standard (5, 5.1, 5.1.1; behind a Markdown heading marker, maybe)
# that opens a line, then a space, then Chinese text: ``1 范围``, ``#### 5.1.1 重伤一级``,
# ``6.1　伤后…``.
_CLAUSE_NUMBER = regex.compile(rf"(?m)^(?:#{{1,6}}[ \t]++)?(\d{{1,3}}(?:\.\d{{1,3}})*+)(?={_S}++[{CHINESE}])")
# Its precheck (standard-library re, a search for a line-start number before a dot or a space).
_MAYBE_CLAUSE_NUMBER = re.compile(rf"(?:^|\n)(?:#{{1,6}}[ \t]+)?\d{{1,3}}[.{SPACE_CHARS}]")


def _clause_number_spaces(text: str) -> set[int]:
    """Start offsets of the spaces after the clause numbers of a standard's outline: a line
    that opens with 5.1.2 and a space keeps it when another line so opens with a sibling,
    5.1.1 or 5.1.3, and one that opens with 2 (``2 规范性引用文件``) when another opens with 1
    or 3 (a number alone could be a quantity, 3.5 万元; its siblings make it an outline).
    The standard writes the space; closed up, ``5.1.2重伤二级`` reads as one word and
    ``3术语和定义`` as a count, and a rising series of such numbers as spilled page numbers."""
    if not _MAYBE_CLAUSE_NUMBER.search(text):
        return set()
    found = [(m.end(), tuple(map(int, m.group(1).split(".")))) for m in _CLAUSE_NUMBER.finditer(text)]
    numbers = {number for _, number in found}
    return {end for end, number in found
            if (*number[:-1], number[-1] - 1) in numbers or (*number[:-1], number[-1] + 1) in numbers}


def _row_spaces(text: str, markdown: bool) -> set[int]:
    """Start offsets of the space runs inside the rows of a table or an aligned list laid
    out in plain text (:func:`layout.row_lines`: ``1 老旧小区改造 住建局 续建``, ``王  芳　李建国``):
    the spaces that separate its cells or names. Closed up, two cells read as one word and
    a list of names as one name; the row stays as written (§4), as a Markdown table row does."""
    lines = text.split("\n")
    starts = line_starts(text)
    bodies = [(k, line.strip(SPACE_CHARS)) for k, line in enumerate(lines)]
    full = [(k, b) for k, b in bodies if b]
    keep: set[int] = set()
    for i in row_lines([b for _, b in full], markdown):
        k = full[i][0]
        line = lines[k]
        inner_start = len(line) - len(line.lstrip(SPACE_CHARS))
        inner_end = len(line.rstrip(SPACE_CHARS))
        keep.update(starts[k] + m.start() for m in _TABLE_SPACE.finditer(line, inner_start, inner_end))
    return keep


def _tab_table_spaces(text: str) -> set[int]:
    """Start offsets of the tabs that part the cells of a table pasted as text: two lines or
    more in a row, each with as many tabs as the other (``地区⇥人口`` ⏎ ``青川县⇥21.36``) and
    no sentence mark. Prose is not typed with tabs; closed up, two cells read as one word."""
    if "\t" not in text:
        return set()
    lines = text.split("\n")
    starts = line_starts(text)
    tabs = [line.strip(SPACE_CHARS).count("\t") if not _SENTENCE_MARK.search(line) else 0 for line in lines]
    keep: set[int] = set()
    for k, count in enumerate(tabs):
        if count and ((k and tabs[k - 1] == count) or (k + 1 < len(tabs) and tabs[k + 1] == count)):
            keep.update(starts[k] + m.start() for m in _TAB_RUN.finditer(lines[k]))
    return keep


_TAB_RUN = regex.compile(rf"\t[{HSPACE}]*+")
_SENTENCE_MARK = regex.compile("[。！？；]")


#: What makes a line running text here: a comma or a full stop in it.
_RUNNING_MARK = re.compile("[，。,]")
#: The lines of running text a text needs before its clean sentences are evidence that its
#: other spaces are written on purpose (a title or a line of two alone shows nothing).
_CLEAN_RUNNING_LINES = 3


def _phrase_gap_spaces(text: str, owned: set[int]) -> set[int]:
    """Start offsets of the spaces that a text writes on purpose between two phrases, each
    of two Han characters or more, on a line without a comma or a full stop: the issuers of
    a joint document (``最高人民法院 最高人民检察院 关于…``), the entries of a law's note of
    revisions (``…第一次修正  根据…第二次修正``), a byline, the halves of a title.

    Only in a text whose sentences are clean: three lines or more with a comma or a full
    stop, and in none of them a space next to Chinese text (``_STRAY``) but those that stay
    for a reason of their own (``owned``: the gap of a 第X章/条 heading, a Markdown marker's
    space, a list's serial number). Such a text writes its other spaces on purpose, and
    closed up, two names or two entries would read as one. A text of stray spaces scatters
    them through its sentences too, and there every one goes (a letter-spaced word,
    ``总 则``, closes up anyway: one character on a side is no phrase).
    """
    gaps = [m.span() for m in HAN_GAP.finditer(text) if m.start() not in owned]
    gaps += [m.span() for m in _DATE_ENTRY_GAP.finditer(text) if m.start() not in owned]
    if not gaps or sum(1 for line in text.split("\n") if _RUNNING_MARK.search(line)) < _CLEAN_RUNNING_LINES:
        return set()  # no sentences to show that the spaces are written on purpose

    starts = line_starts(text)
    lines_running: dict[int, bool] = {}  # line number -> does it hold a comma or full stop

    def running(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        found = lines_running.get(k)
        if found is None:
            end = starts[k + 1] if k + 1 < len(starts) else len(text)
            found = lines_running[k] = _RUNNING_MARK.search(text, starts[k], end) is not None
        return found

    if any(running(m.start()) for m in _STRAY.finditer(text) if m.start() not in owned):
        return set()  # a stray space in a sentence: this text's spaces are strays
    return {start for start, end in gaps
            if start >= 2 and _HAN_PAIR.fullmatch(text, start - 2, start)
            and (_HAN_PAIR.match(text, end) or _DATE_ENTRY.match(text, end))
            and not running(start)}


_HAN_PAIR = regex.compile(r"\p{Han}{2}")
#: An entry that opens with a date, or with one word before it (``2006年9月29日…修订``,
#: ``自2002年3月26日起施行``): the next entry of a law's note of revisions, after an entry
#: that ends in what was done (…通过, …第一次修正, …公布). Elsewhere (``关于印发 2024年…``,
#: ``截至 2023年底``) a space before a year is a stray one.
_DATE_ENTRY = regex.compile(r"\p{Han}?\d{4}年")
_DATE_ENTRY_GAP = regex.compile(
    rf"(?<=通过|修正|修订|修改|公布|发布|批准|施行|废止){_S}++(?={_DATE_ENTRY.pattern})")


def _markup_spaces(text: str, markdown: bool) -> set[int]:
    """Start offsets of the space runs that markup owns: after a line-start marker
    (``## ``, ``- ``), in a table row, at an HTML comment's ends."""
    if not markdown and "#" not in text and "<!--" not in text:
        return set()
    keep = {m.end() - len(m.group()) + len(m.group().rstrip(" \t")) for m in markup_prefixes(text, markdown=markdown)
            if m.group()[-1:] in " \t"}
    if markdown:
        keep.update(m.start("gap") for m in _NESTED_ITEM.finditer(text))
    for start, end in markup_lines(text, markdown):
        line = text[start:end]
        first = line.lstrip(SPACE_CHARS)[:1]
        pattern = _TABLE_SPACE if first == "|" else _COMMENT_SPACE if first == "<" else None
        if pattern is not None:
            keep.update(start + m.start() for m in pattern.finditer(line))
    return keep


@register
class WhitespaceNormalizer(Normalizer):
    name = "whitespace"
    idempotent = True  # tests/test_rounds.py checks it
    summary = "no indentation, blank lines, trailing spaces or spaces next to Chinese text"
    defaults = {"indent": False}
    option_docs = {"indent": "GB/T 9704 layout: two ideographic spaces before each paragraph"}

    def run(self, text: str, ctx: Context) -> str:
        spaces = ANY_SPACE.search(text) is not None
        meant = _meaningful_blank_lines(text)  # before the line edges go
        indents = _markdown_indents(text) if spaces else set()
        if indents:
            text = ctx.sub(_LINE_EDGES, lambda m: m.group() if m.start() in indents else "", text,
                           "whitespace.line_edge", "indentation or trailing space")
        elif spaces and not ctx.track:
            text = _strip_lines(text)
        elif spaces:
            text = ctx.sub(_LINE_EDGES, "", text, "whitespace.line_edge", "indentation or trailing space")
        if "\n\n" in text or spaces:
            if meant:
                runs = itertools.count()
                text = ctx.sub(_BLANK_LINES, lambda m: "\n\n" if next(runs) in meant else "\n",
                               text, "whitespace.blank_line", "blank line")
            else:
                text = ctx.sub(_BLANK_LINES, "\n", text, "whitespace.blank_line", "blank line")
        if text[:1] == "\n" or text[-1:] == "\n":
            text = ctx.sub(_DOC_EDGES, "", text, "whitespace.blank_line", "blank line at the start or end")
        if spaces and ANY_SPACE.search(text):
            chapters = _MAYBE_CHAPTER_GAP.search(text) is not None
            if chapters:
                text = ctx.sub(_CHAPTER_GAP, "\u3000", text, "whitespace.chapter_gap",
                               "第X章/节/条/编 heading keeps one ideographic space")
            markdown = is_markdown(text)
            keep = _markup_spaces(text, markdown)
            if chapters:
                keep.update(m.start() for m in _CHAPTER_GAP.finditer(text))
            keep.update(_list_number_spaces(text))
            keep.update(_clause_number_spaces(text))
            keep.update(_row_spaces(text, markdown))
            keep.update(_tab_table_spaces(text))
            keep.update(_field_spaces(text))
            keep.update(_phrase_gap_spaces(text, keep))
            text = ctx.sub(_STRAY, lambda m: m.group() if m.start() in keep else "", text,
                           "whitespace.stray", "space next to Chinese text")
        if self.options["indent"]:
            text = ctx.sub(_INDENT, "\u3000\u3000", text, "whitespace.indent",
                           "GB/T 9704 layout: two ideographic spaces before a paragraph")
        return text
