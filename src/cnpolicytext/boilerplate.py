"""`boilerplate`: what belongs to the web page, not to the document (CONVENTIONS §8).

Whole lines go: breadcrumbs, site blurbs, action bars, counters, separators, menus, a
title repeated on the next line. Page metadata lines (发布时间, 来源, 索引号 …) leave the
text and come back as the document's metadata. Inside running text, pinyin glosses and
anti-scraping junk strings go. The line patterns live in ``data/boilerplate.tsv``.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

import regex

from .chars import HSPACE, RUNNING_HAN_GAP, SPACE_CHARS
from .core import Context, Edit, Normalizer, register

_META_KEYS = ("发布时间", "发布日期", "来源", "信息来源", "索引号", "文号", "发文字号", "发布机构",
              "发文机关", "发文日期", "成文日期", "主题分类", "公文种类")
_META_LINE = regex.compile(
    rf"(?m)^[{HSPACE}]*(?:{'|'.join(_META_KEYS)})[{HSPACE}]*[:：]")
# A value runs to the next "label：" or to a gap of two or more spaces.
_META_PAIR = regex.compile(
    rf"(?P<key>{'|'.join(_META_KEYS)})[{HSPACE}]*[:：][{HSPACE}]*"
    rf"(?P<value>.*?)[{HSPACE}]*(?=[^{HSPACE}:：]{{2,6}}[{HSPACE}]*[:：]|[{HSPACE}]{{2}}|$)")
_SPACES = regex.compile(f"[{HSPACE}]+")
#: Lines longer than this are running text, never a web-page line.
_LONGEST_BOILERPLATE = 300
_LONGEST_TITLE = 60
#: A breadcrumb this far down the page or further has no site header above it.
_HEADER_LINES = 15
_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_GLOSS = regex.compile(
    rf"(?<=\p{{Han}})[(（](?=[a-zü{_TONE}]*[{_TONE}1-5])[a-zü{_TONE}]{{1,6}}[1-5]?[)）]")
# A cheap precheck (standard-library re): a run of six or more such characters.
_MAYBE_JUNK = re.compile(r"[A-Za-z0-9_\[\]{}^~`|\\ ]{6,}")
_JUNK = regex.compile(r"(?<=\p{Han})[A-Za-z0-9_\[\]{}^~`|\\ ]{6,}(?=\p{Han})")
_JUNK_SYMBOL = regex.compile(r"[_\[\]{}^~`|\\]|[a-z][A-Z].*[a-z][A-Z]|[A-Z]{2}[a-z]+[A-Z]")


def _load(lines: Iterable[str]) -> list[tuple[str, str]]:
    out = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        rule, _, pattern = line.rstrip("\n").partition("\t")
        if not pattern:
            raise ValueError(f"boilerplate pattern line needs 'rule<TAB>regex': {line!r}")
        out.append((rule, pattern))
    return out


@lru_cache(maxsize=1)
def default_patterns() -> tuple[tuple[str, str], ...]:
    text = resources.files("cnpolicytext.data").joinpath("boilerplate.tsv").read_text("utf-8")
    return tuple(_load(text.splitlines()))


def load_patterns(path: str) -> list[tuple[str, str]]:
    """Read extra patterns from a file in the format of ``data/boilerplate.tsv``."""
    with open(path, encoding="utf-8") as f:
        return _load(f)


@lru_cache(maxsize=16)
def _compiled(extra: tuple[tuple[str, str], ...]) -> list[tuple[list[str], "regex.Pattern[str]", bool]]:
    """The line patterns as two alternations (anchored at the line start, and anywhere):
    one or two regex calls per line; the matching group names the rule."""
    groups = []
    for anchored in (True, False):
        chosen = [(r, p) for r, p in default_patterns() + extra if p.startswith("^") == anchored]
        for _, p in chosen:
            regex.compile(p)  # a clear error naming the bad pattern
        if chosen:
            joined = "|".join(f"(?P<r{i}>{p})" for i, (_, p) in enumerate(chosen))
            # Patterns found anywhere are scanned over the whole text: $ is a line's end.
            groups.append(([r for r, _ in chosen], regex.compile(joined, 0 if anchored else regex.M), anchored))
    return groups


# Markup a scraper left behind: tags of HTML (never in a policy text, which writes 《》 for
# titles) and character entities (&nbsp; &ldquo; &#8220;).
_TAGS = "p|br|div|span|a|font|strong|b|i|em|u|td|th|tr|table|tbody|thead|li|ul|ol|h[1-6]|img|section|article"
_BLOCK_TAG = regex.compile(r"(?i)</?(?:br|p|div|tr|li|h[1-6]|table|section|article)(?:\s[^<>\n]*)?/?>")
_INLINE_TAG = regex.compile(rf"(?i)</?(?:{_TAGS})(?:\s[^<>\n]*)?/?>")
_ENTITY = regex.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")


def _unescape(m: "regex.Match[str]") -> str:
    out = html.unescape(m.group())
    # An entity for a control character would bring back what `unicode` removed, and the
    # cleaner never makes a U+FFFD of its own.
    bad = len(out) != 1 or out == "\ufffd" or (ord(out) < 32 and out not in "\t\n") or 0x7F <= ord(out) < 0xA0
    return m.group() if bad else out


def _ends_sentence(body: str) -> bool:
    return body.rstrip("”’）》」』")[-1:] in "。！？；"


def _is_junk(m: "regex.Match[str]") -> bool:
    run = m.group()
    return bool(_JUNK_SYMBOL.search(run)) and not regex.search(r"https?|www\.|@", run)


@register
class BoilerplateNormalizer(Normalizer):
    name = "boilerplate"
    summary = "web-page residue: breadcrumbs, site blurbs, menus, counters; metadata lines to metadata"
    defaults = {"patterns": (), "metadata": True, "inline": True, "markup": True}
    changes_han = True

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        self.options["patterns"] = tuple(tuple(p) for p in self.options["patterns"])  # type: ignore[union-attr]
        self._rules = _compiled(self.options["patterns"])

    def run(self, text: str, ctx: Context) -> str:
        if self.options["markup"] and ("<" in text or "&" in text):
            text = ctx.sub(_BLOCK_TAG, "\n", text, "boilerplate.html_tag", "HTML block tag left by a scraper")
            text = ctx.sub(_INLINE_TAG, "", text, "boilerplate.html_tag", "HTML tag left by a scraper")
            text = ctx.sub(_ENTITY, _unescape, text, "boilerplate.html_entity", "HTML entity left by a scraper")
        edits: list[Edit] = []
        groups = self._rules
        # Patterns that may stand anywhere in a line: one scan of the whole text.
        hits = sorted((m.start(), names[int(m.lastgroup[1:])])
                      for names, pattern, anchored in groups if not anchored for m in pattern.finditer(text))
        hit = 0
        starts = [(names, pattern) for names, pattern, anchored in groups if anchored]
        meta_lines = {m.start() for m in _META_LINE.finditer(text)} if self.options["metadata"] else set()
        stray: list[bool] = []  # decided on first need: is the running text full of stray spaces?
        prev_body: str | None = None
        # Short lines kept above the page's first breadcrumb: the site's name and menus.
        above: list[tuple[int, int, str]] | None = []
        seen = 0
        pos = 0
        for line in text.split("\n"):
            s, pos = pos, pos + len(line) + 1
            found = None
            while hit < len(hits) and hits[hit][0] < pos:
                found = found or hits[hit][1]
                hit += 1
            body = line.strip(SPACE_CHARS)
            if not body:
                continue
            seen += 1
            e = min(pos, len(text))
            if s in meta_lines:
                for pair in _META_PAIR.finditer(body):
                    ctx.metadata.setdefault(pair.group("key"), pair.group("value"))
                edits.append(Edit(s, e, "", "boilerplate.metadata", "page metadata moved to metadata"))
                continue
            rule = None
            if len(body) <= _LONGEST_BOILERPLATE:
                rule = found
                for names, pattern in starts if rule is None else ():
                    m = pattern.match(body)
                    if m is not None and m.lastgroup:
                        rule = names[int(m.lastgroup[1:])]
                        if rule.endswith("_spaced"):
                            # Spaced-out words are no menu in a text of stray spaces.
                            stray = stray or [len(RUNNING_HAN_GAP.findall(text)) >= 3]
                            rule = None if stray[0] else rule
                        break
                if rule is not None and rule.endswith("_short") and (len(body) > 60 or _ends_sentence(body)):
                    rule = None  # running text that happens to use a widget's words
            if rule is not None:
                if rule == "breadcrumb" and above:
                    header = [Edit(a, b, "", "boilerplate.site_header", "site name or menu above the breadcrumb")
                              for a, b, kept in above if len(kept) <= 40 and not _ends_sentence(kept)]
                    edits.extend(header)
                    if header:
                        prev_body = None  # a title above the breadcrumb went: its repeat below stays
                if rule == "breadcrumb" or seen > _HEADER_LINES:
                    above = None
                edits.append(Edit(s, e, "", f"boilerplate.{rule}", f"web-page line ({rule}) removed"))
                continue
            if above is not None:
                if seen > _HEADER_LINES:
                    above = None
                else:
                    above.append((s, e, body))
            key = _SPACES.sub("", body) if len(body) <= 2 * _LONGEST_TITLE else body
            if key == prev_body and len(key) <= _LONGEST_TITLE:
                edits.append(Edit(s, e, "", "boilerplate.repeated_title", "title repeated on the next line"))
                continue
            prev_body = key
        edits.sort(key=lambda ed: ed.start)
        text = ctx.replace_all(text, edits)
        if self.options["inline"]:
            if "(" in text or "（" in text:
                text = ctx.sub(_GLOSS, "", text, "boilerplate.pinyin_gloss", "pinyin gloss removed")
            if _MAYBE_JUNK.search(text):
                text = ctx.sub(_JUNK, lambda m: "" if _is_junk(m) else m.group(), text,
                               "boilerplate.junk", "anti-scraping junk string removed")
        return text


def patterns(extra: Sequence[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """Every line pattern in force (packaged plus ``extra``)."""
    return list(default_patterns()) + list(extra)
