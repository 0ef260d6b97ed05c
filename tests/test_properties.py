"""Invariants of the whole pipeline, over text drawn from policy-text alphabets."""

from __future__ import annotations

import unicodedata
from collections import Counter

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cnpolicytext import Pipeline, clean, clean_with_edits
from cnpolicytext.core import apply_edits

from .strategies import any_unicode, policy_text, text_with_long_runs

HAN = regex.compile(r"\p{Han}")
FOUNDATION = Pipeline(["unicode", "paragraphs", "punctuation", "whitespace"])  # the default order


@settings(max_examples=300, deadline=None)
@given(st.one_of(policy_text, any_unicode))
def test_never_raises_and_is_idempotent(text):
    once = clean(text)
    assert clean(once) == once


@settings(max_examples=300, deadline=None)
@given(st.one_of(policy_text, any_unicode))
def test_edits_rebuild_the_clean_text(text):
    result = clean_with_edits(text)
    assert result.text == clean(text)  # tracking on and off agree
    assert apply_edits(text, result.edits) == result.text


@settings(max_examples=200, deadline=None)
@given(policy_text)
def test_offset_maps_are_monotone_and_in_bounds(text):
    result = clean_with_edits(text)
    for side in ("left", "right"):
        to_clean = [result.to_clean(i, side) for i in range(len(text) + 1)]
        to_raw = [result.to_raw(j, side) for j in range(len(result.text) + 1)]
        assert to_clean == sorted(to_clean) and to_raw == sorted(to_raw)
        assert all(0 <= j <= len(result.text) for j in to_clean)
        assert all(0 <= i <= len(text) for i in to_raw)
    assert result.to_clean(0, "left") == 0 and result.to_clean(len(text), "right") == len(result.text)
    assert result.to_raw(0, "left") == 0 and result.to_raw(len(result.text), "right") == len(text)
    # The clean span that covers an edit's raw span holds its replacement.
    for e in result.edits:
        start, end = result.alignment.clean_span(e.start, e.end)
        assert e.replacement in result.text[start:end]
        raw_start, raw_end = result.alignment.raw_span(start, end)
        assert raw_start <= e.start and e.end <= raw_end
    # Outside changed segments the text is identical under the map.
    changed = [(e.start, e.end) for e in result.edits]
    for i in range(len(text)):
        if not any(s <= i < e or (s == e == i) for s, e in changed):
            j = result.to_clean(i)
            assert result.text[j] == text[i]


@settings(max_examples=300, deadline=None)
@given(policy_text)
def test_foundation_normalizers_keep_every_han_character(text):
    # unicode (NFC aside), whitespace and punctuation never add, drop or reorder Han.
    text = unicodedata.normalize("NFC", text)
    out = FOUNDATION.clean(text)
    assert HAN.findall(out) == HAN.findall(text)
    assert FOUNDATION.clean(out) == out


@settings(max_examples=300, deadline=None)
@given(policy_text)
def test_han_changes_only_by_reported_repairs(text):
    result = clean_with_edits(text)
    han_rules = ("numerals.", "script.", "boilerplate.", "pagebreak.", "unicode.nfc", "numbering.standard_form")
    for e in result.edits:
        before, after = Counter(HAN.findall(text[e.start:e.end])), Counter(HAN.findall(e.replacement))
        if before != after:
            assert any(r.startswith(han_rules) for r in e.rule.split("+")), (e, text)


@settings(max_examples=100, deadline=None)
@given(policy_text)
def test_clean_output_has_the_clean_form(text):
    out = clean(text)
    assert "\r" not in out and "\ufeff" not in out and "\u200b" not in out
    assert "\n\n" not in out and not out.startswith("\n") and not out.endswith("\n")
    for line in out.split("\n"):
        assert line == line.strip(" \t\u3000\u00a0")
    assert unicodedata.is_normalized("NFC", out)


@settings(max_examples=150, deadline=None)
@given(policy_text)
def test_normalizers_that_declare_they_keep_han_do(text):
    # A normalizer's changes_han = False is a promise: checked on each one alone.
    from cnpolicytext import registered

    text = unicodedata.normalize("NFC", text)
    for name, cls in registered().items():
        if not cls.changes_han:
            out = cls()(text)
            assert HAN.findall(out) == HAN.findall(text), name


LAYOUT = Pipeline(["unicode", "paragraphs", "pagebreak", "whitespace"])


@settings(max_examples=60, deadline=None)
@given(text_with_long_runs)
def test_layout_steps_reach_a_fixed_point_on_long_runs(text):
    # Long runs of spaces, marks, brackets or digits: no crash, and a second run of the
    # layout steps changes nothing (the whole pipeline is held to this by the test above).
    once = LAYOUT.clean(text)
    assert LAYOUT.clean(once) == once
