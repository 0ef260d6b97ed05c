"""Templates learned from a corpus (CONVENTIONS §8): a line that recurs in many documents
of one site is that site's template.

:func:`learn` reads the corpus once and returns line patterns in the form that
``Pipeline.default(boilerplate=...)`` and ``--boilerplate FILE`` take: each is the exact
line, escaped and anchored, with the number of documents it was seen in written into the
pattern as a comment, so that the removal can say so (``template seen in 48 documents``).
Lines that read as a document's own text never become a template, however often they
recur: sentences of policy text, headings, salutations (各位代表：), dates, annotations in
brackets (（此件公开发布）), dated records (a law's history), lines citing a document
(《…》), the issuer above a date, pieces of a sentence a converter broke
onto a line of their own, and any line seen inside a document's body (a template stands at
the head or the tail of a page). The default thresholds (5 documents and a tenth of the
corpus) suit a crawl of one site or of a few.

The work is split in two (:func:`count_lines`, :func:`select`) so that a cluster can count
on each partition and add the counts up (:mod:`cnpolicytext.dask`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import regex

from ..chars import PARAGRAPH_END, SPACE_CHARS
from ..markup import is_markdown, markup_line
from .boilerplate import _CONTINUATION, _HEADING, _META_LINE, reads_as_sentence

__all__ = ["LineCounts", "count_lines", "learn", "save_patterns", "select"]

#: The rule name of a learned line.
RULE = "template"
_DATE = regex.compile(r"^[\d\s年月日.\-/:：]+$|^\d{4}年\d{1,2}月\d{1,2}日$"
                      r"|^[〇○零一二三四五六七八九十]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日$")
_SALUTATION_END = ("：", ":")
# A dated record (a law's history: 2016年2月6日 …修订) or a line citing a document 《…》.
_DATED = regex.compile(r"\d{4}\s{0,2}年\s{0,2}\d{1,2}\s{0,2}月(?:\s{0,2}\d{1,2}\s{0,2}日)?")
_HAS_WORD = regex.compile(r"[\p{Han}A-Za-z]")
_CONTINUATION_SET = tuple(_CONTINUATION)
#: Characters a line cannot end on unless a sentence goes on after it.
_OPEN_END = "的和与及或了在对把被将向从为以是，、“《（"
_CLOSED = PARAGRAPH_END + "”’）》」』"


class LineCounts:
    """Document frequencies of candidate lines, and the lines seen as document text."""

    __slots__ = ("docs", "lines", "unsafe")

    def __init__(self) -> None:
        self.docs = 0
        self.lines: Counter[str] = Counter()
        self.unsafe: set[str] = set()

    def add(self, other: LineCounts) -> LineCounts:
        self.docs += other.docs
        self.lines.update(other.lines)
        self.unsafe |= other.unsafe
        return self

    def __reduce__(self) -> Any:
        return (_rebuild, (self.docs, dict(self.lines), sorted(self.unsafe)))


def _rebuild(docs: int, lines: dict[str, int], unsafe: list[str]) -> LineCounts:
    out = LineCounts()
    out.docs, out.lines, out.unsafe = docs, Counter(lines), set(unsafe)
    return out


def _prepare(pipeline: Any) -> Any:
    """The steps that run before ``boilerplate``: a template is learned on the lines that
    the boilerplate step will see."""
    from ..pipeline import Pipeline

    if pipeline is None:
        pipeline = Pipeline.default()
    names = pipeline.names()
    upto = names.index("boilerplate") if "boilerplate" in names else len(names)
    return Pipeline(pipeline.steps[:upto])


def _own_text(body: str, markdown: bool) -> bool:
    """Whether a line reads as the document's own text, on its own."""
    return (len(body) < 2 or reads_as_sentence(body) or _HEADING.match(body) is not None
            or markup_line(body, markdown=markdown) or _META_LINE.match(body) is not None
            or (body.endswith(_SALUTATION_END) and len(body) <= 30)
            or _HAS_WORD.search(body) is None or _DATE.match(body) is not None
            or (body[0] in "（(" and body[-1] in "）)")
            or _DATED.match(body) is not None or "《" in body)


def _doc_lines(text: str) -> tuple[set[str], set[str]]:
    """(candidate template lines, lines that this document shows to be its own text)."""
    markdown = is_markdown(text)
    bodies = [b for b in (line.strip(SPACE_CHARS) for line in text.split("\n")) if b]
    good: set[str] = set()
    bad: set[str] = set()
    # A template stands at the page's head or tail, never between the first and the last
    # line of the body (a sentence or a heading): a line seen there is the document's.
    anchors = [i for i, b in enumerate(bodies) if reads_as_sentence(b) or _HEADING.match(b)]
    first, last = (anchors[0], anchors[-1]) if anchors else (len(bodies), -1)
    for i, body in enumerate(bodies):
        if _own_text(body, markdown):
            continue
        if first < i < last:
            bad.add(body)
            continue
        after = bodies[i + 1] if i + 1 < len(bodies) else ""
        after2 = bodies[i + 2] if i + 2 < len(bodies) else ""
        before = bodies[i - 1] if i else ""
        # A piece of a sentence: the next line goes on with a mark (or the one after a
        # short piece does), the line ends on a word that cannot end a title, or the
        # line before stopped mid-sentence.
        fragment = (after[:1] in _CONTINUATION_SET or (len(after) <= 25 and after2[:1] in _CONTINUATION_SET)
                    or body[-1] in _OPEN_END
                    or (bool(before) and reads_as_sentence(before) and before[-1] not in _CLOSED))
        signature = bool(after) and _DATE.match(after) is not None
        (bad if fragment or signature else good).add(body)
    return good, bad


def count_lines(texts: Iterable[str], pipeline: Any = None) -> LineCounts:
    """Count, over ``texts``, the documents each candidate line appears in."""
    prep = _prepare(pipeline)
    counts = LineCounts()
    for text in texts:
        good, bad = _doc_lines(prep.clean(text))
        counts.docs += 1
        counts.lines.update(good)
        counts.unsafe |= bad
    return counts


def select(counts: LineCounts, *, min_docs: int = 5, min_share: float = 0.1) -> list[tuple[str, str]]:
    """The template patterns: lines seen in at least ``min_docs`` documents and in at least
    ``min_share`` of all, and never as the text of a document."""
    need = max(min_docs, math.ceil(min_share * counts.docs))
    chosen = [(n, line) for line, n in counts.lines.items() if n >= need and line not in counts.unsafe]
    chosen.sort(key=lambda x: (-x[0], x[1]))
    return [(RULE, _exact(line, n)) for n, line in chosen]


def _exact(line: str, seen: int) -> str:
    escaped = regex.escape(line, literal_spaces=True).replace("\t", r"\t")
    return f"^{escaped}$(?#seen in {seen} documents)"


def learn(texts: Iterable[str], *, min_docs: int = 5, min_share: float = 0.1,
          pipeline: Any = None) -> list[tuple[str, str]]:
    """Lines that recur in many documents of ``texts`` (a site's template), as
    ``(rule, regex)`` pairs for ``Pipeline.default(boilerplate=...)``. ``pipeline`` is the
    one that will clean the corpus (the default one when None): lines are learned as its
    boilerplate step will see them."""
    return select(count_lines(texts, pipeline), min_docs=min_docs, min_share=min_share)


def save_patterns(patterns: Sequence[tuple[str, str]], path: str) -> None:
    """Write ``patterns`` in the format of ``data/boilerplate.tsv`` (``--boilerplate FILE``
    reads it back)."""
    out = ["# Line patterns for cnpolicytext (rule<TAB>regex); a learned template is an exact line.\n"]
    for rule, pattern in patterns:
        if any(c in rule + pattern for c in "\t\n\r") or not rule or rule.startswith("#"):
            raise ValueError(f"cannot write rule {rule!r} with pattern {pattern!r} as one TSV line")
        out.append(f"{rule}\t{pattern}\n")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(out)
