"""`pagebreak`: page-break spill and layout residue (CONVENTIONS §4).

Texts extracted from PDFs and document-sharing sites carry their page layout into the
running text. Every decision here is taken from the whole document, never from one line:

* page furniture lines (``- 3 -``, ``第3页 共10页``, ``Page 3``) and running headers or
  footers (a short line repeated at intervals) are removed;
* chunk prefixes (``1、`` ``2、`` … at the start of consecutive lines, counting with the
  line order, breaks falling mid-sentence) are removed and the split word is joined;
* page numbers spilled into running text are found as an increasing sequence of bare
  numbers spread through the document (in a text too short to show one, only a number
  glued between Han characters with nothing after it that it could count is removed);
* hard-wrapped lines are joined back into their paragraph, and a line ending in ``，`` or
  ``、`` is joined to the next across blank lines.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from functools import lru_cache

import regex

from ..chars import DOCUMENT_GENRES, HSPACE, MARKER, SPACE_CHARS
from ..core import Context, Edit, Normalizer, register
from ..data import packaged
from ..layout import (
    INNER_PUNCT,
    NO_LINE_START,
    PAUSE_OR_SENTENCE_MARK,
    Layout,
    analyse,
    is_title_line,
    join_reason,
    join_separator,
    sentence_ends_inside,
    sentence_ends_inside_joined,
    stands_alone,
    stops_mid_sentence,
)
from ..layout import ITEM_START as _ITEM_START
from ..layout import ends_paragraph as _ends_paragraph
from ..markup import markup_line
from . import trigger

_S = f"[{HSPACE}]"
# Page furniture standing for a whole line (``- 3 -``, ``第3页 共10页``, ``Page 3``, ``3/10``).
# Every space run is possessive: a long run is scanned once, never split two ways.
_FURNITURE_BODY = (
    rf"(?:[-－—–·•]{_S}*+\d{{1,4}}{_S}*+[-－—–·•]"
    rf"|第{_S}*+\d{{1,4}}{_S}*+页(?:{_S}*+(?:[,，/]{_S}*+)?共{_S}*+\d{{1,4}}{_S}*+页)?+"
    rf"|Page{_S}++\d{{1,4}}(?:{_S}++of{_S}++\d{{1,4}})?+"
    rf"|\d{{1,4}}{_S}*+/{_S}*+\d{{1,4}})")
_FURNITURE = regex.compile(rf"(?m)^{_S}*+{_FURNITURE_BODY}{_S}*+(?:\n|$)")
# The same, counted faster: a match of _FURNITURE is one whole line (and its line break),
# so its matches are the first line if it is one and each line after a break that is one. A
# (?m)^ scan tries every position of the text; a scan for the breaks is about ten times
# faster. Both anchored, so that a search with either stays linear on a long run of spaces.
_FURNITURE_LINE = regex.compile(rf"^{_S}*+{_FURNITURE_BODY}{_S}*+$")
_FURNITURE_AFTER_BREAK = regex.compile(rf"\n\K{_S}*+{_FURNITURE_BODY}{_S}*+(?=\n|\Z)")


_FRACTION_LINE = regex.compile(rf"(?m)^{_S}*+([0-9]{{1,4}}){_S}*+/{_S}*+([0-9]{{1,4}}){_S}*+$")


def _fraction_values(text: str) -> set[int]:
    """The starts of the ``N/M`` lines that are values, not page counters: a page counter
    keeps its total (3/9, 4/9) and never passes it, so ``N/M`` lines with two totals (a
    table's progress column: 12/15, 3/4) or a count past its total are a table's cells."""
    if "/" not in text:
        return set()
    found = [(m.start(), int(m.group(1)), int(m.group(2))) for m in _FRACTION_LINE.finditer(text)]
    if len({total for _, _, total in found}) <= 1 and all(n <= total for _, n, total in found):
        return set()
    return {start for start, _, _ in found}


def _furniture_lines(text: str) -> int:
    """How many lines of ``text`` are page furniture: ``len(_FURNITURE.findall(text))``."""
    first = _FURNITURE_LINE.match(text.partition("\n")[0]) is not None
    return first + sum(1 for _ in _FURNITURE_AFTER_BREAK.finditer(text))


# "第3页 共10页" and "Page 3 of 10" are page furniture wherever they stand.
_INLINE_FURNITURE = regex.compile(
    rf"(?:第{_S}*+\d{{1,4}}{_S}*+页{_S}*+(?:[,，/]{_S}*+)?共{_S}*+\d{{1,4}}{_S}*+页"
    rf"|Page{_S}++\d{{1,4}}{_S}++of{_S}++\d{{1,4}}){_S}*+")
#: A word every inline page counter holds: the precheck of its pass.
_MAYBE_INLINE_FURNITURE = trigger("页", "Page")
_PREFIX_BODY = r"(\d{1,3})、"
_PREFIX = regex.compile(rf"(?m)^{_PREFIX_BODY}")
# The prefixes after a line break: a scan for the break is faster than a (?m)^ scan, which
# tries every position; _PREFIX's matches are these and one at the text's start.
_PREFIX_AFTER_BREAK = regex.compile(rf"\n\K{_PREFIX_BODY}")
# An enumeration word alone (一是, 二要, 第三,): part of a sentence, never a running header.
_ENUMERATION = regex.compile(
    r"(?:[一二三四五六七八九十]{1,3}(?:是|要|则|来)|第[一二三四五六七八九十]{1,3}|其[一二三四五六七八九十]"
    r"|首先|其次|再次|最后)[，,、：:]?")
# After a chunk prefix the text goes on mid-sentence: a stray mark, or Han that opens no item.
_CONTINUES = regex.compile(rf"[,，、]|(?!{MARKER})\p{{Han}}")
_HAN_CHAR = regex.compile(r"\p{Han}")
# A telephone number, a decimal or a time at a line's end (010-1234567, 3.5, 10:3): a number a
# wrap may have cut; a short number after a word (目标4) is the chunk's page number.
_LONG_NUMBER_AT_END = regex.compile(r"(?:[0-9]{3}|[-－.．:：/][0-9]+)$")
_WORDY = regex.compile(r"[\p{Han}A-Za-z]{2}")
# A running header is a title: no sentence or pause punctuation in it, no open bracket at its end.
_SENTENCE_INSIDE = regex.compile(r"[，。、；！？,;!?“‘（《〈【〔「『]")
_LINE_END_NUMBER = regex.compile(r"(?<=\p{Han})\d{1,3}$")


@lru_cache(maxsize=1)
def _units() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """From data/units.txt: unit characters, words that open with one but are no unit,
    words after a number that make it a quantity, words before one that make it a reference,
    and two-character words that a number between their characters splits."""
    lines = _unit_lines()
    return frozenset(lines[0].strip()), _section(lines, "-"), _section(lines, "+"), _section(lines, "="), \
        _section(lines, "~")


@lru_cache(maxsize=1)
def _unit_lines() -> list[str]:
    return [e.text for e in packaged("units.txt")]


def _section(lines: list[str], mark: str) -> tuple[str, ...]:
    return tuple(w for ln in lines[1:] if ln.startswith(mark) for w in ln[1:].split())


@lru_cache(maxsize=1)
def _spill_evidence() -> tuple[frozenset[str], regex.Pattern[str]]:
    """What shows that a lone number in a short text is spilled, not counted: the word its
    two neighbours make (部|3|门, 发|8|电: the "~" words of data/units.txt), or a word after
    it that no count stands before (生态5建设, 改造6升级: the "!" words, verbs)."""
    uncounted = sorted(_section(_unit_lines(), "!"), key=len, reverse=True)
    return frozenset(_units()[4]), regex.compile("|".join(map(regex.escape, uncounted)) or "(?!)")


@lru_cache(maxsize=1)
def _candidate_pattern() -> regex.Pattern[str]:
    units, words, quantity, references, split = _units()

    def alternation(ws: tuple[str, ...]) -> str:
        return "|".join(regex.escape(w) for w in sorted(ws, key=len, reverse=True))

    not_unit, counted, referring = alternation(words), alternation(quantity), alternation(references)
    unit_class = regex.escape("".join(sorted(units)))
    # A unit after the number that the character before it makes a word with (部|3|门).
    firsts: dict[str, set[str]] = {}
    for word in split:
        if len(word) == 2:
            firsts.setdefault(word[1], set()).add(word[0])
    split_word = "".join(
        rf"|(?<=[{regex.escape(''.join(sorted(a)))}]{_S}?[1-9]\d{{0,2}}){regex.escape(b)}"
        for b, a in sorted(firsts.items()))
    # The digits come first so that the scan looks for digits, not for Han characters. A
    # number in brackets, even with the brackets on lines of their own ([⏎1⏎]), is a note
    # reference: it refers, and a rising series of them is the notes' order, not pages.
    # The assertions after the digits all stand at one position, so their order changes no
    # match: the cheap ones that turn most numbers away (Han around it, a unit) go first.
    return regex.compile(
        rf"(?P<n>[1-9]\d{{0,2}})(?![\d.%])"
        rf"(?<=(?:^|\p{{Han}}){_S}?[1-9]\d{{0,2}})(?=\p{{Han}}|$)"
        rf"(?=(?:{not_unit})|[^{unit_class}\d\n{HSPACE}A-Za-z]|${split_word})(?!{counted})"
        rf"(?<![\[［〔【(（]{_S}{{0,3}}\n?{_S}{{0,3}}[1-9]\d{{0,2}})(?!{_S}{{0,3}}\n?{_S}{{0,3}}[\]］〕】)）])"
        rf"(?<!(?:{referring}){_S}?[1-9]\d{{0,2}})",
        regex.MULTILINE)


def _is_chunk_run(run: list[tuple[int, regex.Match[str]]], previous: Callable[[int], str],
                  starts: list[int]) -> bool:
    """Whether a run of rising ``N、`` counters cuts the text into chunks (not a real list).

    Either most breaks fall mid-sentence in running text, or the counters stand at regular
    distances of at least a long line (a site cutting every N characters) and most breaks
    do not end a sentence. A real list has items that end their sentences.
    """
    breaks = [previous(k) for k, _ in run if previous(k)]
    # The distances between the counters (a run has three at least: two distances).
    gaps = sorted(starts[b[0]] - starts[a[0]] for a, b in itertools.pairwise(run))
    if not breaks or len(gaps) < 2 or _is_a_list(run, previous, gaps):
        return False
    # Most breaks mid-sentence: counted only until the verdict is known either way (each
    # test reads a whole line).
    need, stopped = 0.5 * len(breaks), 0
    for seen, prev in enumerate(breaks, 1):
        stopped += stops_mid_sentence(prev)
        if stopped >= need:
            return True
        if stopped + len(breaks) - seen < need:
            break
    regular = gaps[len(gaps) // 2] >= 40 and _even(gaps)
    open_breaks = sum(1 for prev in breaks if not _ends_paragraph(prev))
    return regular and open_breaks >= 0.5 * len(breaks)


#: The longest a list item of a run of counters is: a document-sharing site's chunk holds a
#: few hundred characters. Items up to _SHORT_ITEM characters apart are a list however even
#: (加强组织领导，压实工作责任 ⏎ 强化资金保障，加大投入力度: parallel items); longer ones only
#: at uneven distances (a site cuts every so many characters).
_LONGEST_ITEM_LINE = 60
_SHORT_ITEM = 32


def _even(gaps: list[int]) -> bool:
    """Whether sorted distances are all about their median (within a fifth of it)."""
    median = gaps[len(gaps) // 2]
    return all(abs(g - median) <= 0.2 * median for g in gaps)


def _is_a_list(run: list[tuple[int, regex.Match[str]]], previous: Callable[[int], str], gaps: list[int]) -> bool:
    """Whether a run of rising ``N、`` lines reads as a list, whatever its breaks: it opens
    at 1 under a line that introduces it (``申报材料包括：``), or its counters stand close
    together (:data:`_SHORT_ITEM`), or fairly close at uneven distances (items of their own
    lengths; a site cuts its chunks every so many characters, mostly a few hundred).
    ``gaps``: the distances between its counters, sorted."""
    first_k, first = run[0]
    if first.group(1) == "1" and previous(first_k)[-1:] in ("：", ":"):
        return True
    return gaps[-1] <= _SHORT_ITEM or (gaps[-1] <= _LONGEST_ITEM_LINE and not _even(gaps))


#: The fewest characters a page holds: two numbers closer than this are no two pages' numbers
#: (the serial numbers of a list, ``1老旧小区改造`` ⏎ ``2农村饮水提升``, rise by one too).
_PAGE_MIN = 30


def _sequence(cands: list[tuple[int, int, int]], length: int) -> list[tuple[int, int, int]]:
    """The longest chain of candidates whose values rise by one (a gap of one allowed), each
    at least a page (:data:`_PAGE_MIN`) after the one before."""
    best: dict[int, tuple[int, int]] = {}  # value -> (chain length, index of its last item)
    parent: list[int] = []
    for k, (start, _, v) in enumerate(cands):
        prev = max((prior for d in (1, 2) if (prior := best.get(v - d, (0, -1)))[0]
                    and start - cands[prior[1]][0] >= _PAGE_MIN), key=lambda t: t[0], default=(0, -1))
        parent.append(prev[1])
        if prev[0] + 1 > best.get(v, (0, -1))[0]:
            best[v] = (prev[0] + 1, k)
    if not best:
        return []
    size, k = max(best.values())
    chain = []
    while k >= 0:
        chain.append(cands[k])
        k = parent[k]
    chain.reverse()
    if size < 3 or chain[-1][0] - chain[0][0] < length * 0.3:
        return []
    return chain


def _line_starts(text: str) -> tuple[list[int], list[str]]:
    lines = text.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return starts, lines


def _in_a_list(text: str, number: int) -> bool:
    """Whether ``number、`` at a line start belongs to a list of the text: it is 1 (a list
    opens so: ``通知`` ⏎ ``1、申请书``), or the text numbers an item just before it (at a line
    start or after a colon: ``附件：1、申请书`` ⏎ ``2、汇总表``) or just after it at a line start.
    A chunk counter stands alone; a counter with a neighbour is an item, and removing it
    would glue the item onto the line before."""
    if number == 1:
        return True
    before = regex.compile(rf"(?:^|\n|[：:])[{HSPACE}]*{number - 1}[、.．]")
    after = regex.compile(rf"(?:^|\n)[{HSPACE}]*{number + 1}、")
    return before.search(text) is not None or after.search(text) is not None


def find_chunk_prefixes(text: str) -> tuple[list[int], list[str], list[tuple[int, regex.Match[str]]]]:
    """Line starts, lines, and the ``N、`` chunk prefixes found (line index, match).

    A document shows a chunk-prefix sequence when at least three lines start with a counter
    that follows the line order and most of the breaks before them fall mid-sentence. A text
    too short to show one has a prefix only where it continues a line that stopped
    mid-sentence (and not inside a long number), is not a heading, and the text after it goes on
    mid-word.
    """
    chosen: list[tuple[int, regex.Match[str]]] = []
    first = _PREFIX.match(text)
    prefixes = [first] if first is not None else []
    prefixes.extend(_PREFIX_AFTER_BREAK.finditer(text))
    if not prefixes:
        return [], [], chosen
    starts, lines = _line_starts(text)
    numbered = [(bisect.bisect_right(starts, m.start()) - 1, int(m.group(1)), m) for m in prefixes]
    nonblank = [k for k, ln in enumerate(lines) if ln.strip(SPACE_CHARS)]
    order = {k: i for i, k in enumerate(nonblank)}

    def previous(k: int) -> str:
        i = order.get(k, 0)
        return lines[nonblank[i - 1]].strip(SPACE_CHARS) if i > 0 else ""

    if len(numbered) >= 3:
        # Runs of numbered lines whose counters go up by one, in the order they appear.
        runs: list[list[tuple[int, regex.Match[str]]]] = []
        last = None
        for k, v, m in numbered:
            if last is not None and v == last + 1:
                runs[-1].append((k, m))
            else:
                runs.append([(k, m)])
            last = v
        for run in runs:
            if len(run) >= 3 and _is_chunk_run(run, previous, starts):
                chosen.extend(run)
    else:
        for k, _, m in numbered:
            prev = previous(k)
            # A line that ends inside a long number may have been wrapped in it (电话：
            # 010-1234567 ⏎ 8、…): there the counter may be the number's last digit.
            if prev and not _ends_paragraph(prev) and not _ITEM_START.match(prev) \
                    and prev[-1:] not in "，、," and _LONG_NUMBER_AT_END.search(prev[-12:]) is None \
                    and _CONTINUES.match(text, m.end()) \
                    and not _in_a_list(text, int(m.group(1))):
                chosen.append((k, m))
    return starts, lines, chosen


@register
class PagebreakNormalizer(Normalizer):
    name = "pagebreak"
    summary = "page furniture, running headers, chunk prefixes, spilled page numbers, hard-wrapped lines"
    defaults = {"page_numbers": True, "chunk_prefixes": True, "join_lines": True, "headers": True,
                "short_text": 1000}
    option_docs = {
        "page_numbers": "remove page numbers spilled into running text (a rising sequence)",
        "chunk_prefixes": "remove chunk prefixes (1、 2、 … cutting a text) and join the words they split",
        "join_lines": "join hard-wrapped lines back into their paragraph (on evidence only)",
        "headers": "remove running headers and footers (in a document that shows pages)",
        "short_text": "texts up to this many characters are too short to show a page sequence",
    }
    changes_han = True  # page furniture (第3页 共10页) and running headers go, Han and all

    def run(self, text: str, ctx: Context) -> str:
        found = _furniture_lines(text)
        values = _fraction_values(text) if found else set()
        found -= len(values)
        furniture = found if "\n" in text or len(text) < 40 else 0
        breaks: list[int] = []
        if found:  # most documents have none: no second scan
            if self.options["headers"]:
                breaks = _page_breaks(text)
            pages: set[int] = set()

            def page_line(m: regex.Match[str]) -> str:
                if m.start() in values:
                    return m.group()
                number = _ANY_NUMBER.search(m.group())
                if number is not None:
                    pages.add(int(number.group()))
                return ""

            text = ctx.sub(_FURNITURE, page_line, text, "pagebreak.furniture", "page number line removed")
            # The pages the lines numbered, in this round and the earlier ones (a later round
            # finds none: they are gone).
            ctx.notes["page_lines"] = sorted(pages.union(ctx.notes.get("page_lines", ())))
        if _MAYBE_INLINE_FURNITURE(text):
            text = ctx.sub(_INLINE_FURNITURE, "", text, "pagebreak.furniture", "page counter inside a line removed")
        if self.options["headers"]:
            if breaks:
                text, breaks = self._headers_inside_sentences(text, ctx, breaks)
            text = self._headers(text, ctx, furniture, breaks)
        if self.options["chunk_prefixes"] and "、" in text:
            text = self._chunk_prefixes(text, ctx)
        if self.options["join_lines"] and "\n" in text:
            text = self._join_lines(text, ctx)
        if self.options["page_numbers"]:
            text = self._page_numbers(text, ctx)
        return text

    # -- running headers and footers ---------------------------------------------------
    def _pages(self, text: str, layout: Layout, furniture: int) -> str:
        """The evidence that the document shows pages, or '' (then nothing is a header)."""
        if furniture >= 2:
            return f"{furniture} page number lines"
        if self.options["page_numbers"]:
            chain = _sequence(_candidates(text), len(text))
            if chain:
                return f"page sequence {chain[0][2]}…{chain[-1][2]}"
        if layout.wrapped:
            return f"wrap width {layout.width}"
        return ""

    def _headers_inside_sentences(self, text: str, ctx: Context, breaks: list[int]) -> tuple[str, list[int]]:
        """Remove a short line that a page break put inside a sentence, once: a hard-wrapped
        line that reaches the width and stops mid-sentence, a page number line, then a line
        far shorter than the width that does not end a sentence either and reads as a
        running header (Han only, ending in a document's genre or a body's name: 示范市规章
        草案, 某某县统计公报), and a line that goes on with the sentence (理活动，…). A name list's
        tail or a phone number there is the sentence's own. A wrapped line of the sentence would
        reach the width, and its last line would end the sentence: the short line is the
        next page's header. ``breaks`` (the lines that stood after page number lines) comes
        back without the lines removed."""
        lines = text.split("\n")
        found: list[int] = []
        layout: Layout | None = None
        for b in breaks:
            if not 0 < b < len(lines) - 1:
                continue
            header = lines[b].strip(SPACE_CHARS)
            above = lines[b - 1].strip(SPACE_CHARS)
            below = lines[b + 1].strip(SPACE_CHARS)
            if not (4 <= len(header) <= 30 and above and below and not _ends_paragraph(above)
                    and _HEADER_WORDS.fullmatch(header) and not _SENTENCE_INSIDE.search(header)
                    and not _ends_paragraph(header) and not stands_alone(header, _PLAIN)
                    and not stands_alone(below, _PLAIN) and not markup_line(header, markdown=True)):
                continue
            if layout is None:
                layout = analyse(lines, text)
            if layout.wrapped and len(above) >= layout.width - layout.tolerance() \
                    and 2 * len(header) <= layout.width:
                found.append(b)
        if not found:
            return text, breaks
        offsets = [0, *itertools.accumulate(len(line) + 1 for line in lines)]
        edits = [Edit(offsets[b], offsets[b + 1], "", "pagebreak.running_header",
                      "short line after a page number line, inside a sentence that a line reaching the "
                      "wrap width stops and the next line goes on with") for b in found]
        return ctx.replace_all(text, edits), [b - bisect.bisect_left(found, b) for b in breaks if b not in found]

    def _headers(self, text: str, ctx: Context, furniture: int, breaks: list[int]) -> str:
        """Remove a short line that recurs at page-like intervals, in a document that shows
        pages. A heading of the document's outline, a numbered item, an enumeration word
        (``二是``) or a markup line is never one, however often it recurs.

        Page-like: a page apart each time (:data:`_HEADER_PAGE_MIN` characters at least: a
        line of an agenda recurs each day, a few lines on), and where page number lines
        show the breaks (``breaks``, the lines they stood before), beside them mostly."""
        lines = text.split("\n")
        if len(lines) < 12:
            return text
        counts: dict[str, list[int]] = {}
        for i, line in enumerate(lines):
            if len(line) > 60:  # never a header; most lines end here
                continue
            body = line.strip(SPACE_CHARS)
            # The cheap tests that turn most short lines away first (sentence punctuation).
            if 2 <= len(body) <= 30 and not _ends_paragraph(body) and not _SENTENCE_INSIDE.search(body) \
                    and _WORDY.search(body) and not stands_alone(body, _PLAIN) \
                    and not markup_line(body, markdown=True) and not _ENUMERATION.fullmatch(body):
                counts.setdefault(body, []).append(i)
        repeated = set()
        for body, where in counts.items():
            if len(where) < 3:
                continue
            gaps = sorted(b - a for a, b in itertools.pairwise(where))
            if gaps[0] >= 5 and gaps[-1] <= 2 * gaps[0]:  # pages of about one length
                repeated.add(body)
        if repeated:
            offsets = [0, *itertools.accumulate(len(line) + 1 for line in lines)]
            repeated = {body for body in repeated if all(
                offsets[b] - offsets[a] >= _HEADER_PAGE_MIN for a, b in itertools.pairwise(counts[body]))}
            if breaks:
                stacked = set(repeated)
                repeated = {body for body in repeated
                            if 2 * sum(_at_page_edge(lines, breaks, i, stacked) for i in counts[body])
                            >= len(counts[body])}
        if not repeated:
            return text
        layout = analyse(lines, text)  # asked once: for the evidence of pages and for the width
        pages = self._pages(text, layout, furniture)
        if not pages:
            return text
        width = layout.width
        if width:  # a header stands apart: it does not reach the wrap width
            repeated = {b for b in repeated if len(b) < width - max(2, width // 10)}
        if pages.startswith("wrap width"):
            # Pages shown by the wrap alone: a header is one that a page break put inside a
            # paragraph, at least once (the line before it goes on after it); a heading of the
            # document's sections (主要做法, 存在问题) follows a paragraph's end each time.
            repeated = {b for b in repeated if any(_cuts_a_paragraph(lines, i) for i in counts[b])}
        if not repeated:
            return text
        # A header that repeats the document's title: the copy at the head of the document,
        # before its first page break and not beside it, that reads as a title written whole
        # (示范市人民政府关于…的实施意见), is the title itself and stays. A banner or a
        # gazette's name that heads every page (示范县人民政府公报) goes with the others.
        # A head that holds another title (the header is a short form of it) keeps that one.
        head = self._head_lines(lines, breaks)
        titles = {i for body in repeated if (i := counts[body][0]) < head and not _beside(breaks, i)
                  and is_title_line(body)
                  and not any(k != i and is_title_line(lines[k].strip(SPACE_CHARS)) for k in range(head))}
        edits, pos = [], 0
        for i, line in enumerate(lines):
            end = pos + len(line) + 1
            if i not in titles and line.strip(SPACE_CHARS) in repeated:
                edits.append(Edit(pos, min(end, len(text)), "", "pagebreak.running_header",
                                  f"line recurs at page intervals; the document shows pages ({pages})"))
            pos = end
        return ctx.replace_all(text, edits)

    @staticmethod
    def _head_lines(lines: list[str], breaks: list[int]) -> int:
        """How many lines the head of a document spans: up to its first page break, and no
        further than its first :data:`_HEAD_LINES` non-blank lines (a title follows a
        document's header and number, if any, and comes before its body)."""
        seen = 0
        for i, line in enumerate(lines[:breaks[0]] if breaks else lines):
            if line.strip(SPACE_CHARS):
                seen += 1
                if seen > _HEAD_LINES:
                    return i
        return breaks[0] if breaks else len(lines)

    # -- chunk prefixes ----------------------------------------------------------------
    def _chunk_prefixes(self, text: str, ctx: Context) -> str:
        starts, lines, chosen = find_chunk_prefixes(text)
        if not chosen:
            return text
        edits = []
        for k, m in chosen:
            joins = k > 0 and not _ITEM_START.match(text, m.end())
            after = text[m.end():m.end() + 1]
            # A number closing the previous chunk is a page number, unless the next chunk
            # goes on with what that number counts or continues (个, 万元, .5, 0).
            if k > 0 and not (after.isdigit() or after in _units()[0] or after in ".%‰．"):
                prev = lines[k - 1].rstrip(SPACE_CHARS)
                tail = _LINE_END_NUMBER.search(prev)
                if tail is not None:
                    edits.append(Edit(starts[k - 1] + tail.start(), starts[k - 1] + tail.end(), "",
                                      "pagebreak.page_number", "page number at a chunk end removed"))
            start = m.start() - 1 if joins else m.start()
            edits.append(Edit(start, m.end(), "", "pagebreak.chunk_prefix",
                              f"chunk prefix {m.group()} removed" + (", split line joined" if joins else "")))
        ctx.notes["chunk_prefixes"] = [int(m.group(1)) for _, m in chosen]
        return ctx.replace_all(text, edits)

    # -- spilled page numbers ----------------------------------------------------------
    def _page_numbers(self, text: str, ctx: Context) -> str:
        # Page residue found in this text, in this round or an earlier one (the notes last
        # the whole run): the numbers of page number lines, chunk prefixes.
        pages: list[int] = ctx.notes.get("page_lines", [])
        chunks = "chunk_prefixes" in ctx.notes
        cands = _candidates(text)
        if not cands:
            return text
        chain = _sequence(cands, len(text))
        if chain:
            ctx.notes["page_sequence"] = [v for _, _, v in chain]
            reason = f"spilled page number (sequence {chain[0][2]}…{chain[-1][2]})"
            edits = [Edit(s, e, "", "pagebreak.page_number", reason) for s, e, _ in chain]
        elif len(text) <= self.options["short_text"]:
            # Too short to show a sequence: a lone number between Han characters goes only
            # with evidence that it counts nothing (§4: in doubt it stays, 安装路灯30盏).
            # One of a series (1核2带3区) counts things, whatever it stands before.
            numbers = [m.span() for m in _ANY_NUMBER.finditer(text)]
            counts = [m.span() for m in _LABELLED_COUNTS.finditer(text)]
            edits = []
            for s, e, value in cands:
                if value < 100 and s > 0 and e < len(text) and _HAN_CHAR.match(text, s - 1) \
                        and _HAN_CHAR.match(text, e) and not _in_series(numbers, s, e):
                    # A page number that spilled from a page line's neighbour is one page
                    # off the pages the lines show, at most (自然人 16 商业企业 beside - 1 -
                    # is a count).
                    residue = (chunks or any(abs(value - page) <= 1 for page in pages)) \
                        and not any(a <= s < b for a, b in counts)
                    why = _spilled(text, s, e, residue)
                    if why:
                        edits.append(Edit(s, e, "", "pagebreak.page_number", f"lone number {why}"))
        else:
            return text
        return ctx.replace_all(text, edits)

    # -- hard-wrapped lines ------------------------------------------------------------
    def _join_lines(self, text: str, ctx: Context) -> str:
        """Join each line to the next where :func:`layout.join_reason` finds evidence."""
        lines = text.split("\n")
        bodies = [ln.strip(SPACE_CHARS) for ln in lines]
        layout = analyse(lines, text)
        offsets = [0, *itertools.accumulate(len(ln) + 1 for ln in lines)]
        edits: list[Edit] = []
        # The line that joins in this pass have built so far, as the next round would read
        # it (None: line k as it stands), and what is known of it: whether a sentence ended
        # inside it, whether inner punctuation or a pause or sentence mark stands in it. A
        # chain of joins is decided in one pass, each join reading the line built so far.
        built: str | None = None
        ended_inside: bool | None = None
        punct: bool | None = None
        marks: bool | None = None
        opens = True  # whether line k opens a paragraph: the first, or one after a paragraph's end
        # Each line with text and the next one (blank lines between them, when j > k + 1).
        for k, j in itertools.pairwise([i for i, body in enumerate(bodies) if body]):
            line = bodies[k] if built is None else built
            nxt = bodies[j]
            if built is None and opens and nxt[0] not in NO_LINE_START and is_title_line(line):
                # A document's title, whole on a line that opens a paragraph, ends there
                # however long it is (at the page's width, a wrap would have to stop right
                # after its genre word).
                reason = ""
            else:
                # For a line as it stands, join_reason looks for a sentence end inside it
                # only if it gets that far (most lines are kept before).
                reason = join_reason(line, nxt, j > k + 1, layout, ended_inside, punct, marks,
                                     None if built is None else bodies[k])
            opens = not reason and _ends_paragraph(bodies[k])
            if reason:
                end_k = offsets[k] + len(lines[k].rstrip(SPACE_CHARS))
                start_j = offsets[j] + (len(lines[j]) - len(lines[j].lstrip(SPACE_CHARS)))
                separator = join_separator(bodies[k], nxt)
                edits.append(Edit(end_k, start_j, separator, "pagebreak.join", reason))
                if ended_inside is None:
                    ended_inside = sentence_ends_inside(line)
                ended_inside = sentence_ends_inside_joined(ended_inside, line, nxt)
                if built is None:
                    built = line
                    punct = INNER_PUNCT.search(line) is not None
                    marks = PAUSE_OR_SENTENCE_MARK.search(line) is not None
                punct = punct or INNER_PUNCT.search(nxt) is not None
                marks = marks or PAUSE_OR_SENTENCE_MARK.search(nxt) is not None
                del line  # the built line's one reference left: += extends it in place
                built += separator + nxt
            else:
                built, ended_inside, punct, marks = None, None, None, None
        return ctx.replace_all(text, edits)


#: The fewest characters between two running headers: a page holds more than a few lines.
_HEADER_PAGE_MIN = 2 * _PAGE_MIN
#: The non-blank lines that may stand before a document's title: the issuer's banner, the
#: document number and a classification mark.
_HEAD_LINES = 4


def _page_breaks(text: str) -> list[int]:
    """Where page number lines stood: for each, the index that the line after it has once
    they are all removed (a running header stands just before or just after one)."""
    breaks: list[int] = []
    for k, line in enumerate(text.split("\n")):
        if _FURNITURE_LINE.match(line) is not None:
            breaks.append(k - len(breaks))
    return breaks


def _beside(breaks: list[int], line: int) -> bool:
    """Whether a line stands within two lines of a page break (before it or after it)."""
    k = bisect.bisect_left(breaks, line - 1)
    return k < len(breaks) and breaks[k] <= line + 2


def _at_page_edge(lines: list[str], breaks: list[int], line: int, stacked: set[str]) -> bool:
    """Whether a line stands at the edge of a page: within two lines of a page break
    (:func:`_beside`), and nothing between it and the break but blank lines and other lines
    that recur as it does (a header of two lines). A line with the page's own text between
    it and the break (会议原则同意 ⏎ 责任单位：… ⏎ - 1 -) is the page's text, recurring as a
    minutes' decision recurs under each item."""
    if not _beside(breaks, line):
        return False
    k = bisect.bisect_left(breaks, line - 1)
    for b in breaks[k:k + 2]:
        between = range(b, line) if b <= line else range(line + 1, b)
        if all(not (body := lines[j].strip(SPACE_CHARS)) or body in stacked for j in between):
            return True
    return False


_PLAIN = Layout()
_ANY_NUMBER = regex.compile(r"\d++")
#: What a running header reads as: Han words ending in a document's genre (…统计公报,
#: …草案) or a body's name (示范市人民政府办公室).
_HEADER_WORDS = regex.compile(rf"\p{{Han}}+(?:{DOCUMENT_GENRES}|草案|文件|简报|公报|年鉴|政府|办公室|办公厅|委员会)")
#: Labels each followed by its count, three or more in a row with no mark between them: a
#: table's row or a statistics line closed up (自然人16商业企业1科研机构0), where every number
#: counts what its label names.
_LABELLED_COUNTS = regex.compile(r"(?:\p{Han}{2,}+\d++){3,}")


def _candidates(text: str) -> list[tuple[int, int, int]]:
    return [(m.start("n"), m.end("n"), int(m.group("n"))) for m in _candidate_pattern().finditer(text)]


def _spilled(text: str, start: int, end: int, residue: bool) -> str:
    """The evidence that the lone number ``text[start:end]`` of a short text is spilled, or ''."""
    split, uncounted = _spill_evidence()
    if text[start - 1] + text[end] in split:
        return f"splitting the word {text[start - 1]}{text[end]}"
    word = uncounted.match(text, end)
    if word is not None:
        return f"before {word.group()}, which no count stands before"
    if residue:
        return "splitting running Han text in a text that shows page residue"
    return ""


def _cuts_a_paragraph(lines: list[str], i: int) -> bool:
    """Whether line ``i`` stands between a line that stops short of its sentence's end and a
    line that goes on with it (blank lines aside)."""
    before = next((ln.strip(SPACE_CHARS) for ln in reversed(lines[:i]) if ln.strip(SPACE_CHARS)), "")
    after = next((ln.strip(SPACE_CHARS) for ln in lines[i + 1:] if ln.strip(SPACE_CHARS)), "")
    return bool(before and after) and not _ends_paragraph(before) and not stands_alone(after, _PLAIN)


def _in_series(numbers: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether another number stands within three characters of this one (1核2带3区, 3纵4横):
    numbers close together count things; a page number spills alone."""
    k = bisect.bisect_left(numbers, (start, end))
    before = numbers[k - 1] if k > 0 else None
    after = numbers[k + 1] if k + 1 < len(numbers) else None
    return (before is not None and start - before[1] <= 3) or (after is not None and after[0] - end <= 3)
