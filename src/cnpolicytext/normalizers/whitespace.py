"""`whitespace`: CONVENTIONS §3.

Policy texts use no spaces between Chinese words, so every space next to a Han
character or a Chinese punctuation mark is noise from extraction — except where a
text was flattened into one line and the space is all that is left of a paragraph
break. Those spaces become line breaks first; then indentation, trailing spaces,
blank lines and stray spaces go. Spaces between Latin words and digit groups stay.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable

import regex

from ..chars import ANY_SPACE, CHINESE, HSPACE, SPACE_CHARS
from ..core import Context, Normalizer, register
from ..layout import (
    AFTER_HEADING,
    AFTER_SENTENCE,
    BEFORE_MARKER,
    count_running_han_gaps,
    inside,
    line_starts,
    markup_lines,
)
from ..markup import is_markdown, markup_prefixes
from .pagebreak import find_chunk_prefixes

_S = f"[{HSPACE}]"
# Runs are matched only from their first space ((?<!…)) and taken whole (possessive), so a
# long run of spaces is scanned once, not once per space.
_LINE_EDGES = regex.compile(rf"(?m)^{_S}++|(?<!{_S}){_S}++$")
_BLANK_LINES = regex.compile(rf"\n(?:{_S}*+\n)++")
_DOC_EDGES = regex.compile(r"^\n+|\n+$")
# A 第X章/节/条/编 heading (behind a Markdown heading marker, maybe): the gap after it.
_CHAPTER_GAP = regex.compile(
    rf"(?m)^(?:#{{1,6}}[ \t]++)?第[0-9一二三四五六七八九十百千零〇]{{1,8}}[章节条编]\K{_S}++(?=\S)")
_STRAY = regex.compile(rf"(?<=[{CHINESE}]){_S}++|(?<!{_S}){_S}++(?=[{CHINESE}])")
_INDENT = regex.compile(r"(?m)^(?=.)")
# Spaces that belong to markup (§3a): around a table's pipes, inside an HTML comment's ends.
_TABLE_SPACE = regex.compile(rf"(?<=\|){_S}++|(?<!{_S}){_S}++(?=\|)")
_COMMENT_SPACE = regex.compile(rf"(?<=<!--){_S}++|(?<!{_S}){_S}++(?=-->)")


def _markup_spaces(text: str) -> set[int]:
    """Start offsets of the space runs that markup owns: after a line-start marker
    (``## ``, ``- ``), beside a table row's pipes, at an HTML comment's ends."""
    markdown = is_markdown(text)
    if not markdown and "#" not in text and "<!--" not in text:
        return set()
    keep = {m.end() - len(m.group()) + len(m.group().rstrip(" \t")) for m in markup_prefixes(text, markdown=markdown)
            if m.group()[-1:] in " \t"}
    for start, end in markup_lines(text, markdown):
        line = text[start:end]
        first = line.lstrip(SPACE_CHARS)[:1]
        pattern = _TABLE_SPACE if first == "|" else _COMMENT_SPACE if first == "<" else None
        if pattern is not None:
            keep.update(start + m.start() for m in pattern.finditer(line))
    return keep


def _stray_after_sentence(text: str) -> Callable[[str, regex.Match[str]], bool] | None:
    """Which spaces after a sentence end are stray, not paragraph breaks (§3: only a text
    flattened into lines holds its paragraph breaks as spaces).

    A text is flattened where such spaces are the rule: the document has at least as many of
    them as it has lines (a text on one or a few lines), or a line holds two or more. A
    single one in a document laid out one paragraph per line is a stray space, like those
    after its commas, and the paragraph stays whole.
    """
    breaks = [m.start() for m in AFTER_SENTENCE.finditer(text)]
    lines = sum(1 for line in text.split("\n") if line.strip(SPACE_CHARS))
    if len(breaks) >= lines:
        return None
    starts = line_starts(text)
    per_line = Counter(bisect.bisect_right(starts, pos) for pos in breaks)

    def stray(text: str, m: regex.Match[str]) -> bool:
        return per_line[bisect.bisect_right(starts, m.start())] < 2

    return stray


@register
class ParagraphsNormalizer(Normalizer):
    """Split a text flattened into one line back into paragraphs.

    Runs early, before the line-level steps (boilerplate, pagebreak), so that they see the
    paragraphs as lines.
    """

    name = "paragraphs"
    summary = "text flattened into one line: spaces that were paragraph breaks become line breaks"

    def run(self, text: str, ctx: Context) -> str:
        if not ANY_SPACE.search(text):
            return text
        markdown = is_markdown(text)

        def split(pattern: regex.Pattern[str], text: str, reason: str,
                  keep: Callable[[str, regex.Match[str]], bool] | None = None) -> str:
            spans: list[list[tuple[int, int]]] = []  # §3a: a markup line keeps its own line

            def repl(m: regex.Match[str]) -> str:
                if not spans:
                    spans.append(markup_lines(text, markdown))
                if inside(spans[0], m.start()) or (keep is not None and keep(text, m)):
                    return m.group()
                return "\n"

            return ctx.sub(pattern, repl, text, "whitespace.paragraph", reason)

        text = split(AFTER_SENTENCE, text, "space after a sentence end in flattened text is a paragraph break",
                     _stray_after_sentence(text))
        text = split(BEFORE_MARKER, text, "space before a numbering marker is a paragraph break")
        # In a flattened text the spaces between Han characters of running text are heading
        # ends; in one full of stray spaces most are not, and there a space after a short
        # title is no evidence of a heading's end. Decided once for the document.
        heads = len(AFTER_HEADING.findall(text))
        if not heads or count_running_han_gaps(text) - heads > heads:
            return text
        # A chunk prefix (``10、`` put there by a document site) is no heading marker.
        starts, _, chunks = find_chunk_prefixes(text) if "、" in text else ([], [], [])
        chunk_lines = {starts[k] for k, _ in chunks}

        def chunk_line(text: str, m: regex.Match[str]) -> bool:
            return text.rfind("\n", 0, m.start()) + 1 in chunk_lines

        return split(AFTER_HEADING, text, "space after a short heading is a paragraph break", chunk_line)


@register
class WhitespaceNormalizer(Normalizer):
    name = "whitespace"
    summary = "no indentation, blank lines, trailing spaces or spaces next to Chinese text"
    defaults = {"indent": False}
    option_docs = {"indent": "GB/T 9704 layout: two ideographic spaces before each paragraph"}

    def run(self, text: str, ctx: Context) -> str:
        spaces = ANY_SPACE.search(text) is not None
        if spaces:
            text = ctx.sub(_LINE_EDGES, "", text, "whitespace.line_edge", "indentation or trailing space")
        if "\n\n" in text or spaces:
            text = ctx.sub(_BLANK_LINES, "\n", text, "whitespace.blank_line", "blank line")
        if text[:1] == "\n" or text[-1:] == "\n":
            text = ctx.sub(_DOC_EDGES, "", text, "whitespace.blank_line", "blank line at the start or end")
        if spaces and ANY_SPACE.search(text):
            text = ctx.sub(_CHAPTER_GAP, "\u3000", text, "whitespace.chapter_gap",
                           "第X章/节/条/编 heading keeps one ideographic space")
            keep = _markup_spaces(text)
            keep.update(m.start() for m in _CHAPTER_GAP.finditer(text))
            text = ctx.sub(_STRAY, lambda m: m.group() if m.start() in keep else "", text,
                           "whitespace.stray", "space next to Chinese text")
        if self.options["indent"]:
            text = ctx.sub(_INDENT, "\u3000\u3000", text, "whitespace.indent",
                           "GB/T 9704 layout: two ideographic spaces before a paragraph")
        return text
