"""The five corpus documents: they clean without error, idempotently, with edits that replay."""

from __future__ import annotations

import regex
import pytest

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
    # Digits may only change where a year range got its dash or a date was converted.
    raw_numbers = regex.findall(r"\d+", raw)
    clean_numbers = regex.findall(r"\d+", result.text)
    dates = [e for e in result.edits if "numerals.date" in e.rule]
    added = sum(len(regex.findall(r"\d+", e.replacement)) for e in dates)
    assert len(clean_numbers) == len(raw_numbers) + added
    assert "".join(raw_numbers) in "".join(clean_numbers) or all(n in clean_numbers for n in raw_numbers)
