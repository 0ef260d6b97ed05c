"""`paragraphs`: a text flattened into one line split back into paragraphs (CONVENTIONS §3).

Some sources deliver a whole document as one line, and there a space is all that is left
of a paragraph break. Such a space becomes a line break where the text shows it: after a
sentence end (in a text that holds its breaks as spaces), before a numbering marker, and
after a short heading (in a text whose spaces between Han characters are heading ends),
before an article after a sentence end (in a text whose articles open lines), and between a
chapter's heading and its first article. Each kind of break is a rule of its own:
``paragraphs.after_sentence``, ``paragraphs.before_marker``, ``paragraphs.after_heading``,
``paragraphs.before_article``, ``paragraphs.after_chapter``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import regex

from ..chars import ANY_SPACE, CJK_CLOSE, HSPACE, MARKER, SENTENCE_END, SPACE_CHARS
from ..core import Context, Normalizer, register
from ..layout import (
    AFTER_CHAPTER,
    AFTER_HEADING,
    AFTER_SENTENCE,
    ARTICLE_LINE,
    BEFORE_ARTICLE,
    BEFORE_MARKER,
    NO_LINE_START,
    count_running_han_gaps,
    inside,
    markup_lines,
)
from ..markup import is_markdown
from .pagebreak import find_chunk_prefixes

# Precheck of BEFORE_MARKER (standard-library re, whose scan for a space is quick): a space
# with a marker after it. MARKER holds nothing the two engines read differently.
_MAYBE_BEFORE_MARKER = re.compile(f"[{HSPACE}]{MARKER}")

# Precheck of BEFORE_ARTICLE: a sentence end, spaces, 第 (re, a quick scan).
_MAYBE_BEFORE_ARTICLE = re.compile(f"[{SENTENCE_END}][{CJK_CLOSE}]*[{HSPACE}]+第")
#: After a heading's space, what a paragraph body has and a list item's second field lacks:
#: a pause, or more than a few words.
_PAUSE = regex.compile(r"[，。；！？、,;!?]")
_SHORT_REST = 16
_HAN_START = regex.compile(r"\p{Han}")


def _stray_after_sentence(text: str, breaks: list[int]) -> Callable[[str, regex.Match[str]], bool] | bool:
    """Which spaces after a sentence end (``breaks``, where ``AFTER_SENTENCE`` matches) are
    stray, not paragraph breaks (§3: only a text flattened into lines holds its paragraph
    breaks as spaces): False for none, True for all, else a test of each.

    A text is flattened where such spaces are the rule: the document has at least as many of
    them as it has lines (a text on one or a few lines), or a line holds two or more. A
    single one in a document laid out one paragraph per line is a stray space, like those
    after its commas, and the paragraph stays whole.
    """
    lines = 0
    for line in text.split("\n"):  # counted only until they outnumber the breaks
        if line.strip(SPACE_CHARS):
            lines += 1
            if lines > len(breaks):
                break
    else:
        return False
    # Each break's line, counted from the one before: no table of every line's start.
    line_of: dict[int, int] = {}
    number = previous = 0
    for pos in breaks:
        number += text.count("\n", previous, pos)
        line_of[pos] = number
        previous = pos
    per_line = Counter(line_of.values())
    if max(per_line.values()) < 2:
        return True

    def stray(text: str, m: regex.Match[str]) -> bool:
        return per_line[line_of[m.start()]] < 2

    return stray


def _heading_lines(text: str) -> list[tuple[int, str]]:
    """Each line where :data:`AFTER_HEADING` finds a space: its start and the rest after the space."""
    found = []
    for m in AFTER_HEADING.finditer(text):
        end = text.find("\n", m.end())
        found.append((text.rfind("\n", 0, m.start()) + 1, text[m.end():end if end >= 0 else len(text)]))
    return found


#: The marker that opens a heading line.
_MARKER_START = regex.compile(MARKER)
#: How much longer one phrase of a heading in two parts may be than the other.
_PARALLEL = 2


def _parallel(text: str, line: int, rest: str) -> bool:
    """Whether the heading at ``line`` reads as two parallel phrases set apart as a heading
    writes them (``三、发展经济　改善民生``): an ideographic space or two spaces between them, of
    about one length, and no line after it that goes on with the sentence (one opening with
    ``，``). A heading run in with its body (``三、联系方式 联系人张某某``, ``（一）加强组织领导
    各地要高度重视⏎，把…``) is set apart by one space, and its body runs on."""
    m = AFTER_HEADING.match(text, line)
    marker = _MARKER_START.match(text, line)
    if m is None or marker is None:
        return False
    gap = m.group()
    first = m.start() - marker.end()
    after = text[m.end() + len(rest) + 1:][:1]
    return ("\u3000" in gap or len(gap) >= 2) and abs(first - len(rest.rstrip(SPACE_CHARS))) <= _PARALLEL \
        and not (after and after in NO_LINE_START)


@register
class ParagraphsNormalizer(Normalizer):
    """Split a text flattened into one line back into paragraphs.

    Runs early, before the line-level steps (boilerplate, pagebreak), so that they see the
    paragraphs as lines.
    """

    name = "paragraphs"
    # Not idempotent: a split after a heading can open a line whose own heading ends in a
    # space (1.标题\t（一）Title\t正文), split on the next run; the pipeline's rounds see to it.
    summary = "text flattened into one line: spaces that were paragraph breaks become line breaks"

    def run(self, text: str, ctx: Context) -> str:
        if not ANY_SPACE.search(text):
            return text
        given = text
        markdown = is_markdown(text)

        # §3a: a markup line keeps its own line. Its spans are read once per text, when a
        # pattern first matches in it (a split that changed nothing leaves the same text).
        markup: dict[str, list[tuple[int, int]]] = {}

        def split(pattern: regex.Pattern[str], text: str, rule: str, reason: str,
                  keep: Callable[[str, regex.Match[str]], bool] | None = None) -> str:
            def repl(m: regex.Match[str]) -> str:
                spans = markup.get(text)
                if spans is None:
                    markup.clear()
                    spans = markup[text] = markup_lines(text, markdown)
                if inside(spans, m.start()) or (keep is not None and keep(text, m)):
                    return m.group()
                return "\n"

            return ctx.sub(pattern, repl, text, rule, reason)

        breaks = [m.start() for m in AFTER_SENTENCE.finditer(text)]
        stray = _stray_after_sentence(text, breaks) if breaks else True
        if stray is not True:  # else every match would stay as it is
            text = split(AFTER_SENTENCE, text, "paragraphs.after_sentence",
                         "space after a sentence end in flattened text is a paragraph break",
                         None if stray is False else stray)
        # An article after a sentence end and a space, where the document's other articles
        # open lines (two of them at least): the space was the break between two articles
        # (§6), whether or not the text is flattened. Closed up, the article would sit
        # inside the one before it.
        if _MAYBE_BEFORE_ARTICLE.search(text) and BEFORE_ARTICLE.search(text) \
                and len(ARTICLE_LINE.findall(text)) >= 2:
            text = split(BEFORE_ARTICLE, text, "paragraphs.before_article",
                         "space after a sentence end before an article, in a text whose articles open lines")
        # A chapter's heading, then an article with a gap after its marker: the law was
        # flattened, and the article opens its own line (``第一章 总则 第一条 为了…``).
        if "条" in text and AFTER_CHAPTER.search(text):
            text = split(AFTER_CHAPTER, text, "paragraphs.after_chapter",
                         "space between a chapter's heading and the article after it")
        if _MAYBE_BEFORE_MARKER.search(text):
            text = split(BEFORE_MARKER, text, "paragraphs.before_marker",
                         "space before a numbering marker is a paragraph break")
        # In a flattened text the spaces between Han characters of running text are heading
        # ends; in one full of stray spaces most are not, and there a space after a short
        # title is no evidence of a heading's end. Decided once for the document.
        headings = _heading_lines(text)
        heads = len(headings)
        if not heads or count_running_han_gaps(text) - heads > heads:
            return text
        # A chunk prefix (``10、`` put there by a document site) is no heading marker.
        starts, _, chunks = find_chunk_prefixes(text) if "、" in text else ([], [], [])
        chunk_lines = {starts[k] for k, _ in chunks}

        # Lines of two short fields, one under another (``1、张建华 市发展改革委主任`` ⏎
        # ``2、刘晓燕 市财政局局长``): a list of names and posts, no headings with paragraphs.
        pairs = {line for line, rest in headings if len(rest) <= _SHORT_REST and _PAUSE.search(rest) is None}
        # A heading in two parts, on a line of its own as written (``三、发展经济　改善民生``):
        # a short rest of Han text without a pause that ends a line of the input is the heading's second
        # phrase, not a paragraph. A flattened text's heading ran on into its body, and a
        # text of one line may be a flattened one (§3: ``一、实现…的新突破 科技创新的…``).
        written = {line.strip() for line in given.split("\n")} if pairs and "\n" in given.strip() else set()
        two_part = {line for line, rest in headings if line in pairs and _HAN_START.match(rest)
                    and text[line:text.find("\n", line) % (len(text) + 1)].strip() in written
                    and _parallel(text, line, rest)}

        def stays(text: str, m: regex.Match[str]) -> bool:
            line = text.rfind("\n", 0, m.start()) + 1
            if line in chunk_lines or line in two_part:
                return True
            if line not in pairs:
                return False
            before = text.rfind("\n", 0, max(line - 1, 0)) + 1 if line else -1
            after = text.find("\n", m.end()) + 1
            return before in pairs or (after > 0 and after in pairs)

        return split(AFTER_HEADING, text, "paragraphs.after_heading",
                     "space after a short heading is a paragraph break", stays)
