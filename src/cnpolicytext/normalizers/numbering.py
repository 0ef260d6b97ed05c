"""`numbering`: heading and item markers per GB/T 9704 (CONVENTIONS §6).

Markers are recognised only where one can stand — at a line start, or after a sentence
end in flattened text — never inside a sentence (一是…, 第一，, 1.5%, (R&D)). Each is
rewritten to the standard form of its style and starts its own line:

=========================  ==========  ==============================
style                      standard    variants
=========================  ==========  ==============================
Chinese numeral            ``一、``    ``一.`` ``一．`` ``一,``
Chinese numeral, brackets  ``（一）``  ``(一)`` ``（一)`` ``一)`` ``(一)、`` ``㈠``
Arabic numeral             ``1.``      ``1、`` ``1．`` ``1,``
Arabic numeral, brackets   ``（1）``   ``(1)`` ``1)`` ``①`` ``⑴``
bullet                     ``——``      ``—`` ``-`` ``●`` ``·``
=========================  ==========  ==============================
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable

import regex

from ..chars import CJK_CLOSE, CJK_OPEN, CN_INDEX_RUN, DIGIT, HSPACE, LATIN, MARKER, SPACE_CHARS
from ..core import Context, Normalizer, register
from ..headings import cn_index_value
from ..layout import line_starts, stops_mid_sentence
from ..markup import is_markdown, markup_prefixes

_CN = CN_INDEX_RUN
#: The single-character markers: circled ①…⑳, parenthesized ⑴…⒇, and ㈠…㈩.
_SYMBOLS = "①-⑳⑴-⒇㈠-㈩"
_FOLLOW = rf"(?=[\p{{Han}}{CJK_OPEN}{LATIN}{DIGIT}(\"])"
# A line break goes before a marker that follows a sentence end inside a line, with the
# item's text after it. A circled number without text after it (…的决定。①, …如下：①) or
# after a word (…的决定①。) is a note reference and stays where it is.
_BREAK = regex.compile(rf"[。！？][{CJK_CLOSE}]*+\K(?=[、，]?{MARKER}{_FOLLOW})|[；：]\K(?=[①-⑳⑴-⒇]{_FOLLOW})")
# A marker's style and number (the styles of §6 that a list numbers: 一、 （一） 1. （1）).
_MARKER_NUMBER = regex.compile(
    rf"[、，]?(?:(?P<cn>{_CN})[、.．,，]|[(（](?P<cnb>{_CN})[)）]|(?P<pcn>[㈠-㈩])"
    rf"|(?P<ar>\d{{1,2}})[、.．]|[(（](?P<arb>\d{{1,2}})[)）]|(?P<circ>[①-⑳])|(?P<paren>[⑴-⒇]))")
# The first item of a list that a sentence introduces inline, right after its colon
# (…如下：（一）…, 判决：一、…); circled numbers there open items of their own line (§6).
_COLON_LED = regex.compile(rf"[：:][{HSPACE}]*+\K(?={MARKER})(?![①-⑳⑴-⒇])")
# An opening bracket that ends a line and the rest of its marker on the next line
# (``（`` / ``三）``) are one marker: the line break goes, no bracket is added.
_SPLIT_MARKER = regex.compile(
    rf"[(（]\K[{SPACE_CHARS}]*+\n[{SPACE_CHARS}]*+(?=(?:{_CN}|\d{{1,2}})[)）])")
# A stray mark at a line start before a marker (、1、, ，一、); its precheck is the same head.
_STRAY_HEAD = r"(?:\d{1,3}、)?[、，,]"
_STRAY = regex.compile(rf"(?m)^{_STRAY_HEAD}(?={MARKER}(?:{_FOLLOW}|$))")
_LINE_MARKER = regex.compile(
    rf"(?m)^(?:"
    rf"(?P<cn>{_CN})[.．,，](?!{_CN})"
    rf"|[(（](?P<cnp>{_CN})[)）]、?|(?P<cnq>{_CN})[)）]"
    rf"|(?P<ar>\d{{1,2}})[、．,，](?!\d)"
    rf"|[(（](?P<arp>\d{{1,2}})[)）]|(?P<arq>\d{{1,2}})[)）]"
    rf"|(?P<circ>[①-⑳]){_FOLLOW}|(?P<paren>[⑴-⒇])|(?P<pcn>[㈠-㈩])"  # a lone ① is a note
    rf"|(?P<bullet>—(?!—)|-(?!-)|●|·|•)(?=[\p{{Han}}{CJK_OPEN}(\"])"  # never -5% or -v
    rf")(?:{_FOLLOW}|$)")
# Prechecks (standard-library re, a quick scan): is there anything for a pass to do? Each is
# built from its pattern's own pieces (tests/test_prechecks.py checks that it admits every
# text its pattern changes).
_MAYBE_SPLIT_MARKER = re.compile(rf"[(（][{SPACE_CHARS}]*\n")
# A sentence end or ；： with a whole marker after it (MARKER holds nothing that the two
# engines read differently): after most sentence ends stands no marker, and then neither
# the line-break pass nor its notes and inline lists are needed.
_MAYBE_BREAK = re.compile(rf"[。！？；：][{CJK_CLOSE}]*[、，]?{MARKER}")


def _at_a_line_start(head: str) -> Callable[[str], bool]:
    """A precheck for ``(?m)^head``: ``head`` at the text's start or after a line break.
    A scan for ``(?m)^…`` tries every position of the text; one for a line break is a plain
    character search that tries only the line starts."""
    first = re.compile(head)
    later = re.compile(f"\n(?:{head})")
    return lambda text: first.match(text) is not None or later.search(text) is not None


_MAYBE_STRAY = _at_a_line_start(_STRAY_HEAD)
# A marker that is not in its standard form already: （一） and （1） are, so a bracketed
# number counts only when a bracket is ASCII (or 、 follows the full-width pair).
_MAYBE_VARIANT = _at_a_line_start(
    rf"{_CN}[.．,，]|\(|（(?:{_CN}|\d{{1,2}})(?:\)|）、)|(?:{_CN}|\d{{1,2}})[)）]"
    rf"|\d{{1,2}}[、．,，]|[{_SYMBOLS}]|—(?!—)|-|●|·|•")
_CIRCLED = regex.compile(r"[①-⑳⑴-⒇]")
_ANY_CIRCLED = re.compile(_CIRCLED.pattern)  # its precheck: a class scan is quicker in re
# A line that opens a note of a notes' list (① 列宁：…, 注：① …).
_NOTE_START = regex.compile(rf"[{SPACE_CHARS}]*+(?:注释?[：:])?[{SPACE_CHARS}]*+[①-⑳⑴-⒇]")
_AFTER_SENTENCE_CIRCLED = regex.compile(rf"[。！？][{CJK_CLOSE}]*+[、，]?[①-⑳⑴-⒇]")


def _standard(m: regex.Match[str]) -> str:
    # Each alternative of _LINE_MARKER holds one named group: the one that matched is the last.
    style = m.lastgroup
    if style == "cn":
        return f"{m.group(style)}、"
    if style in ("cnp", "cnq", "arp", "arq"):
        return f"（{m.group(style)}）"
    if style == "ar":
        return f"{m.group(style)}."
    if style in ("circ", "paren"):
        return f"（{_symbol_number(m.group(style))}）"
    if style == "pcn":
        return f"（{'一二三四五六七八九十'[_symbol_number(m.group(style)) - 1]}）"
    return "——"


def _symbol_number(symbol: str) -> int:
    """The number a single-character marker stands for (③ → 3, ⑶ → 3, ㈢ → 3)."""
    for first, count in (("①", 20), ("⑴", 20), ("㈠", 10)):
        if 0 <= ord(symbol) - ord(first) < count:
            return ord(symbol) - ord(first) + 1
    raise ValueError(f"not a single-character marker: {symbol!r}")


@register
class NumberingNormalizer(Normalizer):
    name = "numbering"
    idempotent = True  # tests/test_rounds.py checks it
    summary = "heading/item markers to the GB/T 9704 standard forms, each heading on its own line"
    defaults = {"split": True}
    option_docs = {"split": "each heading or numbered item starts its own line"}
    changes_han = True  # ㈠ becomes （一）: it writes out the numeral the symbol stood for

    def run(self, text: str, ctx: Context) -> str:
        if _MAYBE_SPLIT_MARKER.search(text):
            text = ctx.sub(_SPLIT_MARKER, "", text, "numbering.split_marker",
                           "an opening bracket at a line end and the rest of its marker are one marker")
        # Markup lines (§3a) keep their marker and their line: no marker is rewritten at their
        # start (``- ``, ``1. ``, ``2) `` are list items in Markdown) and no line break goes
        # into them (a table row or a heading would fall apart).
        markup = _MarkupLines(text)
        if self.options["split"] and _MAYBE_BREAK.search(text):
            notes = _NoteReferences(text)
            inline = _InlineLists(text)
            if markup or notes or inline:
                before = text
                text = ctx.sub(_BREAK, lambda m: m.group() if markup.inside(m.start()) or notes.at(m)
                               or inline.at(m) else "\n",
                               text, "numbering.line_break", "a heading or numbered item starts its own line")
                if text != before:
                    markup = _MarkupLines(text)
            else:
                text = ctx.sub(_BREAK, "\n", text, "numbering.line_break",
                               "a heading or numbered item starts its own line")
        if _MAYBE_STRAY(text):
            before = text
            text = ctx.sub(_STRAY, lambda m: m.group() if markup.starts(m.start()) else "", text,
                           "numbering.broken_marker", "stray mark before a marker removed")
            if markup and text != before:
                markup = _MarkupLines(text)
        if _MAYBE_VARIANT(text):
            notes = _NoteReferences(text)
            own_level = _symbols_of_their_own_level(text)

            def standard(m: regex.Match[str]) -> str:
                if markup.starts(m.start()) or notes.is_note(m) or _closes_open_bracket(m) \
                        or m.lastgroup in own_level or (m.lastgroup == "bullet" and _goes_on_a_sentence(m)):
                    return m.group()
                return _standard(m)

            text = ctx.sub(_LINE_MARKER, standard, text,
                           "numbering.standard_form", "marker rewritten to its GB/T 9704 standard form")
        return text


def _goes_on_a_sentence(m: regex.Match[str]) -> bool:
    """Whether the bullet-like mark at a line start goes on with the sentence that the line
    before broke off (``…白求恩同志、玛丽`` ⏎ ``·居里等科学家…``: a name's middle dot; ``…举措`` ⏎
    ``—以某省为例``: a dash). A list of bullets follows a line that ends or introduces it
    (``主要措施包括``, ``…如下：``), never one cut mid-sentence."""
    start = m.start()
    if start == 0:
        return False
    return stops_mid_sentence(m.string[m.string.rfind("\n", 0, start - 1) + 1:start - 1])


#: Any marker at a line start, standard or not, with the three ways of writing an Arabic
#: numeral in brackets named: brackets (（1） (1) 1)), circled ①, parenthesized ⑴.
_OPENING_MARKER = regex.compile(
    rf"(?m)^(?:[(（]?(?P<brackets>\d{{1,2}})[)）]|(?P<circ>[①-⑳])|(?P<paren>[⑴-⒇])|{MARKER})")


def _symbols_of_their_own_level(text: str) -> frozenset[str]:
    """The single-character styles (``circ``, ``paren``) that stay as written: all of them
    when one way of writing a bracketed Arabic numeral opens its count right under another
    (``（1）加强领导`` ⏎ ``①成立领导小组``). There each is a level of its own outline (§6: a
    style's level is the order of its first use), and rewritten to one form, ① under
    （1） would read as a second （1）. The evidence is the first item of one form straight
    after an item of the other; forms mixed along one count (``（1）`` … ``②`` … ``（3）``,
    a scan's variants) are one level and all take the standard form."""
    if _ANY_CIRCLED.search(text) is None:
        return frozenset()
    previous = None
    for m in _OPENING_MARKER.finditer(text):
        form = m.lastgroup
        if form is not None and previous is not None and form != previous:
            value = m.group(form)
            if (int(value) if form == "brackets" else _symbol_number(value)) == 1:
                return frozenset({"circ", "paren"})
        previous = form
    return frozenset()


class _NoteReferences:
    """Circled numbers after a sentence end that are note references, not item markers.

    ``…是人民群众自己创造的。①毫无疑义…`` reads like an item opening after a full stop (§6),
    but a document that numbers its notes shows it: one reference in a paragraph, after a
    full stop or a closing quote, in two or more paragraphs; items come in runs within one.
    In such a document a circled number after 。！？ that is alone in its line is a note
    reference and stays where it is; one beside another in its line (…如下。①…。②…) and one
    after ；： still open items. Stronger still is a list of the notes: a line that opens
    with a circled number used earlier inside the text (``注：`` ⏎ ``① 列宁：《…》``). Then
    every earlier use after a sentence end is a reference, and the note keeps its number as
    written, so that reference and note still match (and a second cleaning sees the same).
    """

    def __init__(self, text: str) -> None:
        self.lone: set[int] = set()  # lines (by index) whose one circled number is a note
        self.listed: dict[str, int] = {}  # circled number -> where its note opens a line
        if _ANY_CIRCLED.search(text) is None:
            return
        self.starts = line_starts(text)
        first_inside: dict[str, int] = {}
        for m in _CIRCLED.finditer(text):
            line = self.starts[bisect.bisect_right(self.starts, m.start()) - 1]
            opens = m.start() - line <= 8 and _NOTE_START.fullmatch(text, line, m.end()) is not None
            if not opens:
                first_inside.setdefault(m.group(), m.start())
            elif m.group() in first_inside and m.group() not in self.listed:
                self.listed[m.group()] = m.start()
        per_line = Counter(bisect.bisect_right(self.starts, m.start()) for m in _CIRCLED.finditer(text))
        after_sentence = {bisect.bisect_right(self.starts, m.start()) for m in _AFTER_SENTENCE_CIRCLED.finditer(text)}
        lone = {k for k in after_sentence if per_line[k] == 1}
        if len(lone) >= 2:
            self.lone = lone

    def __bool__(self) -> bool:
        return bool(self.lone or self.listed)

    def at(self, m: regex.Match[str]) -> bool:
        """Whether the break ``m`` would put a note reference on a line of its own."""
        string, pos = m.string, m.end()
        if string[pos:pos + 1] in ("、", "，"):
            pos += 1
        if pos >= len(string) or not _CIRCLED.match(string, pos) or string[m.start() - 1:m.start()] in "；：":
            return False
        if self.listed.get(string[pos], -1) > pos:
            return True
        return bisect.bisect_right(self.starts, pos) in self.lone

    def is_note(self, m: regex.Match[str]) -> bool:
        """Whether the marker ``m`` at a line start opens a note of the notes' list (a
        circled ① or a parenthesized ⑴: both number notes, and both are listed)."""
        style = m.lastgroup
        return style in ("circ", "paren") and self.listed.get(m.group(style)) == m.start(style)


def _closes_open_bracket(m: regex.Match[str]) -> bool:
    """Whether a marker written with a closing bracket only (``10）``, ``三)``) closes a bracket
    that the line before left open (``（PM`` ⏎ ``10`` ⏎ ``）治理``, a subscript a converter broke
    out): then it is the end of that bracket's content, not an item marker."""
    if m.group("arq") is None and m.group("cnq") is None:
        return False
    text = m.string
    start = text.rfind("\n", 0, max(0, m.start() - 1)) + 1
    # Read from the line's end: an opening bracket that no closing one after it matches is
    # open (``2.5）和可吸入颗粒物（PM`` holds as many of each, and its last one is open).
    depth = 0
    for c in reversed(text[start:m.start()]):
        if c in "）)":
            depth += 1
        elif c in "（(":
            if not depth:
                return True
            depth -= 1
    return False


def _marker_number(text: str, pos: int) -> tuple[str, int] | None:
    """The style and number of the marker at ``pos`` (``("cnb", 2)`` for ``（二）``)."""
    m = _MARKER_NUMBER.match(text, pos)
    if m is None or m.lastgroup is None:
        return None
    style, value = m.lastgroup, m.group(m.lastgroup)
    if style in ("cn", "cnb"):
        number = cn_index_value(value)  # None for 一五十: no number, no list
        return None if number is None else (style, number)
    if style == "pcn":
        return "cnb", _symbol_number(value)
    if style in ("circ", "paren"):
        return "arb", _symbol_number(value)
    return style, int(value)


class _InlineLists:
    """Items of a list that a sentence introduces inline, which stay in their paragraph.

    ``判决：一、…执行。二、…`` and ``收入的情况如下：（一）各项税收…。（二）…`` are one paragraph
    with its list written inside it: the first item follows the colon, on the lead-in's
    line, and stays there (nothing puts a break after a colon). Breaking the line before
    the second and later items would leave the first behind and hang the paragraph's
    closing words on the last item, so the items that go on such a run — the same style,
    the next number, after a sentence end on the same line — keep their place. Any other
    marker (a new list, a heading after a line break) ends the run.
    """

    def __init__(self, text: str) -> None:
        self.keep: set[int] = set()  # positions of _BREAK matches that stay as written
        if "：" not in text and ":" not in text:
            return
        events = [(m.start(), True) for m in _COLON_LED.finditer(text)]
        if not events:
            return
        events += [(m.start(), False) for m in _BREAK.finditer(text)]
        events.sort()
        runs: dict[str, int] = {}  # style -> the number its inline run has reached
        line_end = -1
        for pos, lead in events:
            if pos > line_end:  # a new line: no run goes on across a line break
                runs.clear()
                line_end = text.find("\n", pos)
                line_end = len(text) if line_end < 0 else line_end
            found = _marker_number(text, pos)
            if found is None:
                continue
            style, number = found
            if lead:
                if number == 1:
                    runs[style] = 1
                else:
                    runs.pop(style, None)
            elif runs.get(style) == number - 1:
                self.keep.add(pos)
                runs[style] = number
            else:
                runs.pop(style, None)

    def __bool__(self) -> bool:
        return bool(self.keep)

    def at(self, m: regex.Match[str]) -> bool:
        """Whether the break ``m`` falls before an item of an inline list."""
        return m.start() in self.keep


class _MarkupLines:
    """The lines of a text that open with markup (Markdown ones only in a Markdown document)."""

    def __init__(self, text: str) -> None:
        self.spans: list[tuple[int, int]] = []
        md = is_markdown(text)
        if md or "#" in text or "<!--" in text:
            for m in markup_prefixes(text, markdown=md):
                end = text.find("\n", m.start())
                self.spans.append((m.start(), len(text) if end < 0 else end))
        self._starts = [s for s, _ in self.spans]

    def __bool__(self) -> bool:
        return bool(self.spans)

    def inside(self, pos: int) -> bool:
        k = bisect.bisect_right(self._starts, pos) - 1
        return k >= 0 and pos <= self.spans[k][1]

    def starts(self, pos: int) -> bool:
        k = bisect.bisect_left(self._starts, pos)
        return k < len(self._starts) and self._starts[k] == pos
