"""The five corpus documents: they clean without error, idempotently, with edits that replay."""

from __future__ import annotations

import pytest
import regex

from cnpolicytext import clean, clean_with_edits

from .conftest import corpus_doc, corpus_files

DOCS = corpus_files()
params = [pytest.param(p, id=p.name[:3]) for p in DOCS] or [pytest.param(None, marks=pytest.mark.skip("no corpus"))]


@pytest.mark.parametrize("path", params)
def test_clean_is_idempotent_and_replayable(path):
    raw = path.read_text(encoding="utf-8")
    result = clean_with_edits(raw)
    assert result.text == clean(raw)
    assert clean(result.text) == result.text
    assert result.verify()


@pytest.mark.parametrize("path", params)
def test_clean_form(path):
    out = clean(path.read_text(encoding="utf-8"))
    assert "\n\n" not in out and "  " not in out
    # No ASCII comma or semicolon is left beside a Han character.
    assert not regex.search(r"\p{Han}[,;]|[,;]\p{Han}", out)
    assert not regex.search(r"\p{Han} +\p{Han}", out)


@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_documents_without_layout_noise_keep_every_digit(prefix):
    raw = corpus_doc(prefix)
    result = clean_with_edits(raw)
    kept, made = [], []
    for m in regex.finditer(r"\d+", result.text):
        start, end = result.alignment.raw_span(*m.span())
        # Its covering raw span may hold marks around it (the bracket pair (1) became （1）).
        (kept if "".join(regex.findall(r"\d+", raw[start:end])) == m.group() else made).append(m.group())
    # Every number of the raw text is there, in order; new ones come only from dates.
    assert kept == regex.findall(r"\d+", raw)
    dates = "".join(e.replacement for e in result.edits if "numerals.date" in e.rule)
    assert made == regex.findall(r"\d+", dates)
