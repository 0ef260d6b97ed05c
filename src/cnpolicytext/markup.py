"""Markup is structure (CONVENTIONS §3a): which lines are Markdown, defined once.

Texts arrive as Markdown (law collections, converted work reports) or with markup a
converter left. A Markdown heading, list item, table row, block quote, fence or HTML comment
keeps its marker, the space after it and its own line; only the text inside is cleaned.
Every normalizer that touches line starts, spaces at a line's edge, or line boundaries asks
this module, so that the rule lives in one place.

Two kinds of evidence:

* An ATX heading (``## 第一章 总则``) and an HTML comment line (``<!-- INFO END -->``) are
  markup in any document: policy text never starts a line with ``#`` and a space, nor
  with ``<!--``.
* List items (``- ``, ``* ``, ``+ ``, ``1. ``), block quotes (``> ``), table rows
  (``| … |``), thematic breaks (``---``) and fences (`````` ``` ``````) are markup only in a
  document that shows Markdown (:func:`is_markdown`): elsewhere ``- 加强管理`` is a bullet
  item of §6, ``> 正文`` a breadcrumb's residue and ``*****`` a separator of §8.

>>> is_markdown("# 条例\\n\\n第一条 为了……")
True
>>> is_markdown("一、总体要求\\n- 加强管理")
False
>>> [m.group() for m in markup_prefixes("## 第一章 总则\\n- 项目\\n正文", markdown=True)]
['## ', '- ']
"""

from __future__ import annotations

import regex

__all__ = [
    "ALWAYS_MARKUP",
    "FENCE",
    "LIST_MARKER",
    "MARKDOWN_ONLY",
    "MARKUP_PREFIX",
    "is_markdown",
    "markup_line",
    "markup_prefixes",
]

#: A line-start marker that is markup in any document (with the space after it).
ALWAYS_MARKUP = r"(?:#{1,6}(?:[ \t]+|(?=$))|<!--)"
#: A list item's marker, bullet or ordered (without the space after it).
LIST_MARKER = r"(?:[-*+]|\d{1,9}[.)])"
#: A fence of a fenced block.
FENCE = r"(?:`{3,}|~{3,})"
#: Line-start markers that are markup only in a Markdown document (with the space after it).
MARKDOWN_ONLY = (
    rf"(?:{LIST_MARKER}[ \t]+(?=\S)"  # list item
    r"|>[ \t]?"  # block quote
    r"|\|"  # table row
    rf"|{FENCE}"  # fence
    r"|(?:-[ \t]*){3,}$|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$)"  # thematic break
)
#: Any markup marker at a line start, for a Markdown document.
MARKUP_PREFIX = rf"(?:{ALWAYS_MARKUP}|{MARKDOWN_ONLY})"

_EVIDENCE = regex.compile(
    r"(?m)^(?:#{1,6}[ \t]+\S|<!--|`{3,}|~{3,}|\|[ \t]*:?-{3,}:?[ \t]*\|)")
_ALWAYS_PREFIX = regex.compile(rf"(?m)^{ALWAYS_MARKUP}")
_ANY_PREFIX = regex.compile(rf"(?m)^{MARKUP_PREFIX}")
_ALWAYS_LINE = regex.compile(rf"{ALWAYS_MARKUP}")
_ANY_LINE = regex.compile(rf"{MARKUP_PREFIX}")


def is_markdown(text: str) -> bool:
    """Whether ``text`` shows Markdown: an ATX heading, an HTML comment line, a fence, or a
    table's delimiter row (``|---|---|``). One such line is evidence enough — plain policy
    text has none of them."""
    if "#" not in text and "<!--" not in text and "`" not in text and "~" not in text and "|" not in text:
        return False
    return _EVIDENCE.search(text) is not None


def markup_line(line: str, *, markdown: bool) -> bool:
    """Whether ``line`` (without its line break) opens with a markup marker."""
    pattern = _ANY_LINE if markdown else _ALWAYS_LINE
    return pattern.match(line) is not None


def markup_prefixes(text: str, *, markdown: bool) -> list[regex.Match[str]]:
    """The markup markers at line starts of ``text``, each with the space that follows it."""
    pattern = _ANY_PREFIX if markdown else _ALWAYS_PREFIX
    return list(pattern.finditer(text))
