"""Every `input` → `expected` example of docs/conventions.md is a test of ``clean``.

The examples are read from the document at test time, so the documented clean form and the
code cannot drift apart: change a rule and its examples fail, add an example and it is
tested. Unlike tests/test_spec_arrows.py (the same idea over ../shared's conventions), this
needs nothing outside the checkout.

An example is a Markdown list item that opens with `` `input` → `expected` ``. Inside it,
``\\n``, ``\\r``, ``\\t`` and ``\\uXXXX`` stand for the characters they name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cnpolicytext import clean

DOC = Path(__file__).resolve().parent.parent / "docs" / "conventions.md"

#: Examples (their inputs, as written in the document) that the code does not meet yet
#: because a fix is under way in another branch. Each is an xfail(strict=True): the moment
#: one starts passing, it fails, and it must be taken out of this set.
KNOWN_PENDING = {
    # issue 11: a menu whose items are separated by " - " at a page's head (the dash reads
    # as a hyphen between Han, §5, and the line as a title).
    r"首页 - 机构概况 - 政务公开 - 办事服务\n示范县召开安全生产工作会议",
}

_SECTION = re.compile(r"^#{2,4} (\d+[a-z]?(?:\.\d+)*)[ .]")
_RULE = re.compile(r"`([a-z_]+\.[a-z_0-9]+)`")
_EXAMPLE = re.compile(r"^[-*] `([^`\n]+)` → `([^`\n]*)`")
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|([nrt]))")
_ESCAPED = {"n": "\n", "r": "\r", "t": "\t"}


def unescape(written: str) -> str:
    """The text an example stands for: ``\\n``, ``\\r``, ``\\t`` and ``\\uXXXX`` decoded."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else _ESCAPED[m.group(2)], written)


def read_examples(doc: str) -> list[tuple[str, str, str]]:
    """``(id, input, expected)`` for every example, inputs and outputs as written.

    The id is the number of the section the example stands in, its place there and the
    first rule the section's heading names (``3.2-1-whitespace.stray``), so that a failure
    says where to look and ``-k whitespace`` selects a family.
    """
    out = []
    section, rule, count = "0", "", 0
    for line in doc.splitlines():
        heading = _SECTION.match(line)
        if heading:
            section, count = heading.group(1), 0
            named = _RULE.search(line)
            rule = named.group(1) if named else ""
            continue
        example = _EXAMPLE.match(line)
        if example:
            count += 1
            ident = f"{section}-{count}" + (f"-{rule}" if rule else "")
            out.append((ident, example.group(1), example.group(2)))
    return out


EXAMPLES = read_examples(DOC.read_text(encoding="utf-8"))


def _params() -> list:
    params = []
    for ident, raw, expected in EXAMPLES:
        marks = [pytest.mark.xfail(strict=True, reason="pending fix (see KNOWN_PENDING)")] \
            if raw in KNOWN_PENDING else []
        params.append(pytest.param(raw, expected, id=ident, marks=marks))
    return params


@pytest.mark.parametrize("raw, expected", _params())
def test_example(raw: str, expected: str) -> None:
    assert clean(unescape(raw)) == unescape(expected)


@pytest.mark.parametrize("raw, expected", [p for p in _params() if not p.marks])
def test_expected_is_clean(raw: str, expected: str) -> None:
    """§9: cleaning is idempotent, so every documented clean form comes out unchanged."""
    assert clean(unescape(expected)) == unescape(expected)


def test_document_covers_every_section() -> None:
    sections = {ident.split("-")[0].split(".")[0] for ident, _, _ in EXAMPLES}
    assert sections >= {"1", "2", "3", "3a", "4", "5", "6", "7", "8", "9"}
    assert len(EXAMPLES) >= 80


def test_examples_are_unique() -> None:
    """An input documented twice would make KNOWN_PENDING ambiguous."""
    inputs = [raw for _, raw, _ in EXAMPLES]
    assert len(inputs) == len(set(inputs))


def test_pending_examples_exist() -> None:
    """A pending input no longer in the document is a stale entry."""
    assert {raw for _, raw, _ in EXAMPLES} >= KNOWN_PENDING


def test_every_arrow_item_is_read() -> None:
    """A list item that looks like an example but is malformed would silently not be tested."""
    items = [line for line in DOC.read_text(encoding="utf-8").splitlines()
             if re.match(r"^[-*] `", line) and "→" in line]
    assert len(items) == len(EXAMPLES)


@pytest.mark.parametrize("written, meant", [
    (r"a\nb", "a\nb"), (r"\u3000", "\u3000"), (r"x\ty\r", "x\ty\r"), ("乾", "乾"),
])
def test_unescape(written: str, meant: str) -> None:
    assert unescape(written) == meant


def test_read_examples_ids() -> None:
    doc = "## 3. X\n### 3.2 Spaces — `whitespace.stray`\n- `a b` → `ab`\n- `c` → `c` (stays)\ntext `d` → `e`\n"
    assert read_examples(doc) == [("3.2-1-whitespace.stray", "a b", "ab"), ("3.2-2-whitespace.stray", "c", "c")]
