"""`whitespace`: CONVENTIONS §3.

Policy texts use no spaces between Chinese words, so every space next to a Han
character or a Chinese punctuation mark is noise from extraction — except where a
text was flattened into one line and the space is all that is left of a paragraph
break. Those spaces become line breaks first; then indentation, trailing spaces,
blank lines and stray spaces go. Spaces between Latin words and digit groups stay.
"""

from __future__ import annotations

import regex

from .chars import ANY_SPACE, RUNNING_HAN_GAP, CHINESE, CJK_CLOSE, CJK_OPEN, HSPACE, MARKER, PAGE_FURNITURE, SENTENCE_END
from .core import Context, Normalizer, register
from .pagebreak import find_chunk_prefixes

_S = f"[{HSPACE}]"
# A bullet opening an item (never a dash inside a sentence: that needs a sentence end or a
# heading before it).
_BULLET = r"(?:——?|[●·•])\p{Han}"
# A space after a sentence end (maybe closed by a quote/bracket) before Han or an opening mark.
_AFTER_SENTENCE = regex.compile(
    rf"[{SENTENCE_END}][{CJK_CLOSE}]*\K{_S}+(?=[\p{{Han}}{CJK_OPEN}(\"]|{_BULLET})")
# A space before a numbering marker that opens a heading or item.
_BEFORE_MARKER = regex.compile(
    rf"(?<=[{CHINESE}]){_S}+(?={MARKER}[\p{{Han}}{CJK_OPEN}(\"])")
# A space that ends a heading line: marker, a short title without sentence punctuation.
_AFTER_HEADING = regex.compile(
    rf"(?m)^{MARKER}[^\n{HSPACE}。！？，；：“”‘’\"]{{0,29}}\p{{Han}}\K{_S}+(?=[\p{{Han}}{CJK_OPEN}(\"]|{_BULLET})"
    rf"(?!{PAGE_FURNITURE}{_S}*$)")
_LINE_EDGES = regex.compile(rf"(?m)^{_S}+|{_S}+$")
_BLANK_LINES = regex.compile(rf"\n(?:{_S}*\n)+")
_DOC_EDGES = regex.compile(r"^\n+|\n+$")
_CHAPTER = "^第[0-9一二三四五六七八九十百零〇]{1,6}[章节条]"
_CHAPTER_GAP = regex.compile(rf"(?m)(?<={_CHAPTER}){_S}+(?=\S)")
_STRAY = regex.compile(
    rf"(?m)(?<!{_CHAPTER})(?:(?<=[{CHINESE}]){_S}+|{_S}+(?=[{CHINESE}]))")
_INDENT = regex.compile(r"(?m)^(?=.)")


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
        text = ctx.sub(_AFTER_SENTENCE, "\n", text, "whitespace.paragraph",
                       "space after a sentence end in flattened text is a paragraph break")
        text = ctx.sub(_BEFORE_MARKER, "\n", text, "whitespace.paragraph",
                       "space before a numbering marker is a paragraph break")
        # In a flattened text the spaces between Han characters of running text are heading
        # ends; in one full of stray spaces most are not, and there a space after a short
        # title is no evidence of a heading's end. Decided once for the document.
        heads = len(_AFTER_HEADING.findall(text))
        if len(RUNNING_HAN_GAP.findall(text)) - heads > heads:
            return text
        # A chunk prefix (``10、`` put there by a document site) is no heading marker.
        starts, _, chunks = find_chunk_prefixes(text) if "、" in text else ([], [], [])
        chunk_lines = {starts[k] for k, _ in chunks}

        def heading_break(m: "regex.Match[str]") -> str:
            line_start = text.rfind("\n", 0, m.start()) + 1
            return m.group() if line_start in chunk_lines else "\n"

        return ctx.sub(_AFTER_HEADING, heading_break, text, "whitespace.paragraph",
                       "space after a short heading is a paragraph break")


@register
class WhitespaceNormalizer(Normalizer):
    name = "whitespace"
    summary = "no indentation, blank lines, trailing spaces or spaces next to Chinese text"
    defaults = {"indent": False}

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
                           "第X章/节/条 heading keeps one ideographic space")
            text = ctx.sub(_STRAY, "", text, "whitespace.stray", "space next to Chinese text")
        if self.options["indent"]:
            text = ctx.sub(_INDENT, "\u3000\u3000", text, "whitespace.indent",
                           "GB/T 9704 layout: two ideographic spaces before a paragraph")
        return text
