"""The outline of a document: its heading tree, read off the clean text (CONVENTIONS §6).

An analysis, not a normalizer: :func:`build_outline` cleans a text with a pipeline (whose
``numbering`` step writes every heading and item marker in its GB/T 9704 standard form and on
a line of its own) and reads the markers at line starts, level by level in the order their
styles first appear, mapping each back to the raw text through the edits' alignment. Gaps,
repeats and restarts of the numbering come back as warnings. ``cnpolicytext.outline(text)``
and the ``outline`` command call it. (The module is not named ``outline``: a submodule of
that name would stand in for the ``cnpolicytext.outline`` function once imported.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex

from .chars import CN_INDEX_RUN, SPACE_CHARS

__all__ = ["STYLES", "Heading", "Outline", "build_outline", "cn_index_value"]

_CN = CN_INDEX_RUN
_CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}


def cn_index_value(s: str) -> int | None:
    """Value of a heading numeral 一 … 九十九; None for a run of numerals that writes no
    number (一五十, 十十)."""
    tens, ten, ones = s.partition("十")
    if not ten:
        return _CN_VALUE.get(s) if len(s) == 1 else None
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in _CN_VALUE) or (ones and ones not in _CN_VALUE):
        return None
    return (_CN_VALUE[tens] if tens else 1) * 10 + (_CN_VALUE[ones] if ones else 0)


STYLES = ("chinese", "chinese_bracketed", "arabic", "arabic_bracketed")
_HEADING = regex.compile(
    rf"(?m)^(?:(?P<chinese>{_CN})、|（(?P<chinese_bracketed>{_CN})）|(?P<arabic>\d{{1,2}})\.(?!\d)|（(?P<arabic_bracketed>\d{{1,2}})）)"
    r"(?P<rest>[^\n]*)")
_TITLE_END = regex.compile(r"[。！？]")


@dataclass
class Heading:
    """One heading or numbered item of the outline."""

    level: int
    style: str
    number: int
    marker: str  # in its standard form, as in the clean text
    written: str  # as the raw text wrote it
    title: str
    clean_span: tuple[int, int]
    raw_span: tuple[int, int]
    children: list[Heading] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "style": self.style, "number": self.number, "marker": self.marker,
                "written": self.written, "title": self.title, "clean_span": list(self.clean_span),
                "raw_span": list(self.raw_span),
                "children": [c.to_dict() for c in self.children]}


@dataclass
class Outline:
    """The heading tree of a document and the numbering problems found in it."""

    headings: list[Heading]
    warnings: list[str]

    def walk(self) -> list[Heading]:
        out: list[Heading] = []
        stack = list(reversed(self.headings))
        while stack:
            h = stack.pop()
            out.append(h)
            stack.extend(reversed(h.children))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"headings": [h.to_dict() for h in self.headings], "warnings": list(self.warnings)}

    def render(self) -> str:
        return "\n".join("  " * (h.level - 1) + h.marker + h.title for h in self.walk())


def build_outline(text: str, pipeline: Any) -> Outline:
    """Clean ``text`` with ``pipeline`` and read the heading tree off the clean text."""
    result = pipeline.run(text)
    clean = result.text
    levels: dict[str, int] = {}
    roots: list[Heading] = []
    stack: list[Heading] = []
    warnings: list[str] = []
    last_number: dict[tuple[int, int], int] = {}
    for m in _HEADING.finditer(clean):
        style = next(s for s in STYLES if m.group(s))
        raw_value = m.group(style)
        number = cn_index_value(raw_value) if style.startswith("chinese") else int(raw_value)
        if number is None:  # 一五十、 is no heading number
            continue
        level = levels.setdefault(style, len(levels) + 1)
        rest = m.group("rest")
        end = _TITLE_END.search(rest)
        title = rest[:end.start()] if end else rest
        marker = m.group()[:len(m.group()) - len(rest)]
        span = (m.start(), m.start() + len(marker) + len(title))
        raw_marker = result.alignment.raw_span(m.start(), m.start() + len(marker))
        written = text[raw_marker[0]:raw_marker[1]].strip(SPACE_CHARS + "\n")
        h = Heading(level, style, number, marker, written, title, span, result.alignment.raw_span(*span))
        while stack and stack[-1].level >= level:
            stack.pop()
        parent_key = (id(stack[-1]) if stack else 0, level)
        prev = last_number.get(parent_key)
        line_no = clean.count("\n", 0, m.start()) + 1
        if prev is not None and number != prev + 1:
            kind = ("repeat" if number == prev else
                    "restart (a style used at two levels?)" if number == 1 else "gap")
            warnings.append(f"line {line_no}: {marker}{title[:20]} — numbering {kind} at level {level} "
                            f"({prev} then {number})")
        elif prev is None and number != 1:
            warnings.append(f"line {line_no}: {marker}{title[:20]} — level {level} starts at {number}")
        last_number[parent_key] = number
        (stack[-1].children if stack else roots).append(h)
        stack.append(h)
    return Outline(roots, warnings)
