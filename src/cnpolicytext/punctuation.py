"""`punctuation`: CONVENTIONS §5 (GB/T 15834).

In Chinese context ASCII punctuation becomes full-width, straight quotes become paired
curly quotes, repeated marks collapse and dashes between Han text become the 破折号.
In Latin or numeric context (``1,000``, ``10:30``, URLs, ``(GDP)`` in English) nothing
changes. A mark is in Chinese context when its nearest non-space neighbour on either side
is Han or Chinese punctuation. Unpaired brackets and quotes are reported, never guessed.
"""

from __future__ import annotations

import re

import regex

from .chars import CHINESE, DIGIT, HSPACE, LATIN, MARKER, SPACE_CHARS
from .core import Context, Normalizer, register

_S = f"[{HSPACE}]"
_CN = f"[{CHINESE}]"
_ELLIPSIS = regex.compile(
    rf"(?:(?<={_CN}{_S}*)(?:\.{{3,}}|．{{3,}})|(?:\.{{3,}}|．{{3,}})(?={_S}*{_CN})|。{{3,}}|…{{3,}}|(?<!…)…(?!…))")
_CORNER = regex.compile(r"[「」『』]")
_CORNER_MAP = str.maketrans("「」『』", "“”‘’")
_WIDE = str.maketrans(",;:?!()", "，；：？！（）")
# One pass per mark with a literal replacement: no Python call per match.
_ASCII_MARKS = tuple(
    (mark, chr(_WIDE[ord(mark)]),
     regex.compile(rf"{regex.escape(mark)}(?:(?<={_CN}{_S}*.)|(?={_S}*{_CN}))"))
    for mark in ",;:?!")
_ANY_ASCII_MARK = regex.compile(r"[,;:?!()\"'.]")
# Pairs with Han inside are Chinese whatever stands around them: a template, no callback.
_PAIR_HAN = regex.compile(r"\(([^()（）\n]*\p{Han}[^()（）\n]*)[)）]|（([^()（）\n]*\p{Han}[^()（）\n]*)\)")
# Innermost bracket pairs, either width.
_PAIR = regex.compile(r"(?P<open>\()(?P<body>[^()（）\n]*)(?P<close>[)）])"
                      r"|(?P<open>（)(?P<body>[^()（）\n]*)(?P<close>\))")
_LATIN_EDGE = regex.compile(rf"[{LATIN}{DIGIT}\n.,;:%&+\-/]")
_BEFORE = regex.compile(rf"([^{HSPACE}]){_S}*\Z")
_AFTER = regex.compile(rf"{_S}*([^{HSPACE}])")
_LONE = r"(?:\((?![^()（）\n]*[)）])|(?<![(（][^()（）\n]*)\))"
_LONE_BRACKET = regex.compile(rf"(?<={_CN}{_S}*){_LONE}|{_LONE}(?={_S}*{_CN})")
_DQUOTE_PAIR = regex.compile(r'"([^"\n]*)"')
_SQUOTE_PAIR = regex.compile(r"'([^'\n]*\p{Han}[^'\n]*)'")
_DASH = regex.compile(
    rf"(?:-{{1,3}}|—|－|–)(?<=[\p{{Han}}”’》）]{_S}*(?:-{{1,3}}|—|－|–))(?<!——)(?!—)(?={_S}*[\p{{Han}}“‘《（])")
# A run before a numbering marker is a broken marker (、1、, 6、、1、): numbering repairs it.
_RUN = regex.compile(rf"[，、；：。！？](?:{_S}*[，、；：。！？])+(?!{MARKER})")
_MAYBE_RUN = re.compile(rf"[，、；：。！？][{SPACE_CHARS}]*[，、；：。！？]")
_HAS_CN = regex.compile(_CN)
# Han, or the 连接号 of a year range (2011—2015): what makes a bracket's content Chinese.
_CHINESE_BODY = regex.compile(r"[\p{Han}—]")


def _collapse(m: "regex.Match[str]") -> str:
    marks = [c for c in m.group() if c not in SPACE_CHARS]
    if set(marks) <= {"？", "！"} and len(set(marks)) > 1:
        return m.group()  # ？！ is a legitimate combination
    finals = [c for c in marks if c in "。！？"]
    return finals[-1] if finals else marks[-1]


def _bracket(m: "regex.Match[str]") -> str:
    body = m.group("body")
    text = m.string
    s, e = m.span()
    b = _BEFORE.search(text, max(0, s - 64), s)
    a = _AFTER.match(text, e)
    before = b.group(1) if b else "\n"
    after = a.group(1) if a else "\n"
    latin = (m.group("open") == "(" and m.group("close") == ")"
             and not _CHINESE_BODY.search(body)
             and _LATIN_EDGE.match(before) is not None and _LATIN_EDGE.match(after) is not None)
    if latin:
        return m.group()
    return f"（{body}）"


def _quote(m: "regex.Match[str]") -> str:
    s, e = m.span()
    text = m.string
    around = text[max(0, s - 1):s] + m.group(1) + text[e:e + 1]
    if not _HAS_CN.search(around):
        return m.group()
    return f"“{m.group(1)}”"


def unpaired_marks(text: str) -> list[str]:
    """Describe brackets and quotes that have no partner in ``text``."""
    found = []
    for open_, close in (("（", "）"), ("“", "”"), ("《", "》"), ("‘", "’")):
        if open_ not in text and close not in text:
            continue
        pair = regex.compile(f"{regex.escape(open_)}[^{regex.escape(open_ + close)}\n]*{regex.escape(close)}")
        rest = text
        while True:
            new = pair.sub("", rest)
            if new == rest:
                break
            rest = new
        for mark in (open_, close):
            for _ in range(rest.count(mark)):
                found.append(f"punctuation.unpaired: unpaired {mark}")
    return found


@register
class PunctuationNormalizer(Normalizer):
    name = "punctuation"
    summary = "full-width punctuation in Chinese context, paired quotes, collapsed repeats, 破折号"
    defaults = {"corner_quotes": True}

    def run(self, text: str, ctx: Context) -> str:
        if self.options["corner_quotes"] and ("「" in text or "『" in text or "」" in text or "』" in text):
            text = ctx.sub(_CORNER, lambda m: m.group().translate(_CORNER_MAP), text,
                           "punctuation.corner_quote", "mainland quotes “” ‘’")
        # Each conversion can give its neighbours Chinese context: repeat to a fixed point.
        for _ in range(8):
            before = text
            text = self._context_pass(text, ctx)
            if text == before or not _ANY_ASCII_MARK.search(text):
                break
        text = ctx.sub(_DASH, "——", text, "punctuation.dash", "dash between Han text is the 破折号 ——")
        if _MAYBE_RUN.search(text):
            text = ctx.sub(_RUN, _collapse, text, "punctuation.repeat", "repeated punctuation collapsed")
        if ctx.track:
            ctx.warnings.extend(unpaired_marks(text))
        return text

    @staticmethod
    def _context_pass(text: str, ctx: Context) -> str:
        if "..." in text or "．．．" in text or "。。。" in text or "…" in text:
            text = ctx.sub(_ELLIPSIS, "……", text, "punctuation.ellipsis", "ellipsis is ……")
        if "(" in text or ")" in text:
            text = ctx.sub(_PAIR_HAN, r"（\1\2）", text, "punctuation.bracket", "brackets in Chinese context are （）")
            text = ctx.sub(_PAIR, _bracket, text, "punctuation.bracket", "brackets in Chinese context are （）")
        for mark, wide, pattern in _ASCII_MARKS:
            if mark in text:
                text = ctx.sub(pattern, wide, text, "punctuation.fullwidth",
                               "ASCII mark in Chinese context to full-width")
        if "(" in text or ")" in text:
            text = ctx.sub(_LONE_BRACKET, lambda m: m.group().translate(_WIDE), text,
                           "punctuation.fullwidth", "ASCII bracket in Chinese context to full-width")
        if '"' in text:
            text = ctx.sub(_DQUOTE_PAIR, _quote, text, "punctuation.quote", "straight quotes to “”")
        if "'" in text:
            text = ctx.sub(_SQUOTE_PAIR, lambda m: f"‘{m.group(1)}’", text, "punctuation.quote",
                           "straight quotes to ‘’")
        return text
