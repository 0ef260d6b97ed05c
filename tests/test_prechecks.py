"""Every precheck admits every text its pattern would change.

A precheck is a quick scan that skips a pass when there is nothing for it to do. If it is
narrower than its pattern, the repair is switched off for the texts between the two, and
nothing says so: the numbering line break after ``。】`` was lost that way (the precheck knew
six of the twelve closing marks). Each pair is checked on generated texts made of the
characters that patterns and prechecks care about, and on texts written to reach each rule.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cnpolicytext import layout
from cnpolicytext.chars import ANY_SPACE, CJK_CLOSE, SPACE_CHARS
from cnpolicytext.normalizers import boilerplate, numbering, numerals, pagebreak, paragraphs, punctuation, unicode_norm
from cnpolicytext.normalizers import whitespace as ws

from .strategies import policy_text

Check = Callable[[str], bool]


def _finds(*patterns) -> Check:
    return lambda text: any(p.search(text) is not None for p in patterns)


def _holds(triggers) -> Check:
    return lambda text: any(t in text for t in triggers)


def _rewrites_a_marker(text: str) -> bool:
    """Whether numbering's standard-form pass would rewrite a marker (ignoring markup lines
    and notes, which only keep more markers as written)."""
    return any(numbering._standard(m) != m.group() for m in numbering._LINE_MARKER.finditer(text))


#: (name, precheck, what the guarded pass would find).
PAIRS: list[tuple[str, Check, Check]] = [
    ("unicode.newline/invisible", _finds(unicode_norm._ANY_NEWLINE_OR_INVISIBLE),
     _finds(unicode_norm._NEWLINES, unicode_norm._INVISIBLE)),
    ("unicode.fullwidth", _finds(unicode_norm._ANY_FULLWIDTH), _finds(unicode_norm._FULLWIDTH)),
    ("unicode.newline/invisible/fullwidth", _finds(unicode_norm._ANY_TO_REPAIR),
     _finds(unicode_norm._NEWLINES, unicode_norm._INVISIBLE, unicode_norm._FULLWIDTH)),
    ("unicode.decimal_point", lambda t: "．" in t and unicode_norm._MAYBE_DECIMAL.search(t) is not None,
     _finds(unicode_norm._DECIMAL)),
    ("unicode.number_space", unicode_norm._maybe_percent_space, _finds(unicode_norm._PERCENT_SPACE)),
    ("paragraphs.*", _finds(ANY_SPACE), _finds(layout.AFTER_SENTENCE, layout.BEFORE_MARKER, layout.AFTER_HEADING,
                                                layout.BEFORE_ARTICLE, layout.AFTER_CHAPTER)),
    ("paragraphs.after_chapter", _holds("条"), _finds(layout.AFTER_CHAPTER)),
    ("paragraphs.before_marker", _finds(paragraphs._MAYBE_BEFORE_MARKER), _finds(layout.BEFORE_MARKER)),
    ("paragraphs.before_article", _finds(paragraphs._MAYBE_BEFORE_ARTICLE), _finds(layout.BEFORE_ARTICLE)),
    ("boilerplate.html_tag/html_entity", boilerplate._MAYBE_MARKUP,
     _finds(boilerplate._BLOCK_TAG, boilerplate._INLINE_TAG, boilerplate._ENTITY)),
    ("boilerplate.pinyin_gloss", boilerplate._MAYBE_GLOSS, _finds(boilerplate._GLOSS)),
    ("boilerplate.junk", _finds(boilerplate._MAYBE_JUNK), _finds(boilerplate._JUNK)),
    ("pagebreak.furniture (inline)", pagebreak._MAYBE_INLINE_FURNITURE, _finds(pagebreak._INLINE_FURNITURE)),
    ("pagebreak.chunk_prefix", _holds("、"), _finds(pagebreak._PREFIX)),
    ("punctuation.corner_quote", punctuation._HAS_CORNER_QUOTE, _finds(punctuation._CORNER)),
    ("punctuation.ellipsis", punctuation._MAYBE_ELLIPSIS, _finds(punctuation._ELLIPSIS)),
    ("punctuation.bracket", punctuation._HAS_ASCII_BRACKET,
     _finds(punctuation._PAIR_HAN, punctuation._PAIR, punctuation._PAIR_HAN_MD, punctuation._PAIR_MD,
            punctuation._LONE_BRACKET, punctuation._LONE_BRACKET_MD)),
    ("punctuation.fullwidth (runs)", _finds(punctuation._MAYBE_MARK_RUN), _finds(punctuation._MARK_RUN)),
    *[(f"punctuation.fullwidth ({mark})", _holds(mark), _finds(pattern))
      for mark, _, pattern in punctuation._ASCII_MARKS],
    ("punctuation.quote (double)", _holds('"'), _finds(punctuation._DQUOTE_PAIR)),
    ("punctuation.quote (single)", _holds("'"), _finds(punctuation._SQUOTE_PAIR)),
    ("punctuation.dash", punctuation._maybe_dash, _finds(punctuation._DASH)),
    ("punctuation.repeat", _finds(punctuation._MAYBE_RUN), _finds(punctuation._RUN)),
    ("whitespace.line_edge/stray/chapter_gap", _finds(ANY_SPACE), _finds(ws._LINE_EDGES, ws._STRAY, ws._CHAPTER_GAP)),
    ("whitespace.chapter_gap", _finds(ws._MAYBE_CHAPTER_GAP), _finds(ws._CHAPTER_GAP)),
    ("whitespace.stray (clause numbers)", _finds(ws._MAYBE_CLAUSE_NUMBER), _finds(ws._CLAUSE_NUMBER)),
    ("whitespace.line_edge (Markdown indents)", ws._maybe_markdown_indent,
     _finds(ws._NESTED_ITEM, ws._FENCE)),
    ("whitespace.blank_line", lambda t: "\n\n" in t or ANY_SPACE.search(t) is not None, _finds(ws._BLANK_LINES)),
    ("numbering.split_marker", _finds(numbering._MAYBE_SPLIT_MARKER), _finds(numbering._SPLIT_MARKER)),
    ("numbering.line_break", _finds(numbering._MAYBE_BREAK), _finds(numbering._BREAK)),
    ("numbering.broken_marker", numbering._MAYBE_STRAY, _finds(numbering._STRAY)),
    ("numbering.standard_form", numbering._MAYBE_VARIANT, _rewrites_a_marker),
    ("numerals.date/percent/count", _finds(numerals._ANY_CN_DIGIT),
     _finds(numerals._DATE, numerals._DAY_RANGE, numerals._PERCENT, numerals._COUNT)),
    ("numerals.date", _holds("年月"), _finds(numerals._DATE)),
    ("numerals.percent", _holds(["分之"]), _finds(numerals._PERCENT)),
    ("numerals.date (precheck)", _finds(numerals._MAYBE_DATE), _finds(numerals._DATE)),
    ("numerals.date (day range)", _finds(numerals._MAYBE_DAY_RANGE), _finds(numerals._DAY_RANGE)),
    ("numerals.year_range", _finds(numerals._MAYBE_YEAR_RANGE), _finds(numerals._YEAR_RANGE)),
    ("numerals.year_range (lost)", _finds(numerals._MAYBE_LOST_RANGE), _finds(numerals._LOST_RANGE)),
]

# Characters the patterns and the prechecks turn on, and some Han and Latin around them.
ALPHABET = ("的发展工作第章条页年月日号分之百千十一二三四五六七八九零两〇个项"
            "aZ0159 .,;:?!()\"'<>&#_[]{}^~`|\\/-—–―－%‰％．。，、；：！？…「」『』“”‘’（）《》"
            + CJK_CLOSE + "①⑵㈢●·•" + SPACE_CHARS[:6] + "\u3000\n\r\u200b\ufeffＡ５")
_FRAGMENTS = ["<p>", "</div>", "&nbsp;", "&#8220;", "第3页 共10页", "Page 3 of 10", "1、", "二〇二四年三月五日",
              "百分之三十", "三个", "(yí)", "abc_DEF[1]xyz", "...", "。。。", "----", "（\n一）", "。】一、加强",
              "\n（1)工作", "\n一.总体", "第一章 总则", "  \n\n", "3 %", "8 ．5", "通知如下。 一、压实责任",
              "的abc_DEF[1]xyz的", "的 ,; 的", "\n、1、工作",
              "2011 - 2015年", "（20112015）", "3月1日至五日", "施行。 第十八条加强", "\n### 5.1.2 重伤",
              "第一章 总则 第一条 为", "\n  - 项", "```"]
texts = st.one_of(
    st.text(st.sampled_from(ALPHABET), max_size=40),
    st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(st.sampled_from(ALPHABET), max_size=4)),
             max_size=8).map("".join),
    policy_text,
)


@pytest.mark.parametrize(("name", "precheck", "finds"), PAIRS, ids=[p[0] for p in PAIRS])
@settings(max_examples=300, deadline=None)
@given(text=texts)
@example(text="会议结束。】一、加强领导工作")
@example(text="实现零个事故")
def test_the_precheck_admits_every_text_its_pattern_changes(name, precheck, finds, text):
    if finds(text):
        assert precheck(text), f"{name}: the precheck skips {text!r}, which its pattern changes"


def test_each_pair_is_reached_by_the_written_samples():
    # Every pattern above finds something in the fragments, so no pair is checked in vain.
    samples = [*_FRAGMENTS, "见下文(注)说明", "中 国", "的'字'的", '的"字"的', "的——的", "的,的", "的;的", "的:的",
               "的?的", "的!的", "，，", "「的」", "发展(fā)战略", "\r\n", "ＡＢ", "第一章 总则"]
    unreached = [name for name, _, finds in PAIRS if not any(finds(s) for s in samples)]
    assert unreached == []


@pytest.mark.parametrize("engine", ["re", "regex"])
def test_the_space_class_fragment_is_the_space_characters(engine):
    # HSPACE writes SPACE_CHARS with a range (U+2000-U+200A), for a cheaper compile: a class
    # made of it must hold exactly those characters, in either engine, negated too.
    import re

    import regex

    from cnpolicytext.chars import HSPACE

    compile_ = re.compile if engine == "re" else regex.compile
    inside, outside = compile_(f"[{HSPACE}]"), compile_(f"[^{HSPACE}]")
    every = [chr(c) for c in range(0x3100) if not 0xD800 <= c <= 0xDFFF]
    assert {c for c in every if inside.match(c)} == set(SPACE_CHARS)
    assert {c for c in every if not outside.match(c)} == set(SPACE_CHARS)
