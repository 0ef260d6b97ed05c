"""Clean corpus text, put noise back in, clean again: the clean text must come back.

The noise is what the conventions say the cleaner removes (stray spaces, ASCII marks,
indentation, blank lines, full-width digits, CRLF, hard wraps, chunk prefixes, page
numbers, running headers), applied to real policy text rather than to a sample.
"""

from __future__ import annotations

import random

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cnpolicytext import clean
from cnpolicytext.testing import chunk_prefixes, hard_wrap, page_numbers, running_header

from .conftest import corpus_files

DOCS = {p.name[:3]: clean(p.read_text(encoding="utf-8")) for p in corpus_files()}
FULLWIDTH = str.maketrans("0123456789%", "０１２３４５６７８９％")


def stray_spaces(text: str, seed: int, rate: float = 0.05) -> str:
    rnd = random.Random(seed)
    return regex.sub(r"(?<=\p{Han})(?=\p{Han})", lambda m: " " if rnd.random() < rate else "", text)


NOISE = {
    "stray spaces": lambda t: stray_spaces(t, 1),
    "ascii marks": lambda t: t.replace("，", ",").replace("；", ";").replace("：", ":").replace("（", "(")
    .replace("）", ")"),
    "indentation": lambda t: "\n".join(("\u3000\u3000" if i % 2 else "    ") + line + ("  " if i % 3 else "")
                                       for i, line in enumerate(t.split("\n"))),
    "blank lines": lambda t: "\n\n".join(t.split("\n")),
    "full-width digits": lambda t: t.translate(FULLWIDTH),
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "hard wrap 30": lambda t: hard_wrap(t, 30),
    "hard wrap 45": lambda t: hard_wrap(t, 45),
    "chunk prefixes": lambda t: chunk_prefixes(t, 300),
    "page numbers": lambda t: page_numbers(t, 500, 3),
    "running header": lambda t: running_header(t, "某某市人民政府文件", 6, folios=True),
    "everything": lambda t: running_header(page_numbers(chunk_prefixes(hard_wrap(t, 38), 250), 400, 2),
                                           "某某市人民政府文件", 6),
}


@pytest.mark.skipif(not DOCS, reason="no shared corpus")
@pytest.mark.parametrize("noise", list(NOISE))
@pytest.mark.parametrize("doc", sorted(DOCS) or ["none"])
def test_noise_is_cleaned_away(doc, noise):
    text = DOCS[doc]
    assert clean(NOISE[noise](text)) == text


@pytest.mark.skipif(not DOCS, reason="no shared corpus")
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), rate=st.floats(0.01, 0.2), doc=st.sampled_from(sorted(DOCS) or ["none"]))
def test_random_stray_spaces(seed, rate, doc):
    text = DOCS[doc]
    assert clean(stray_spaces(text, seed, rate)) == text
