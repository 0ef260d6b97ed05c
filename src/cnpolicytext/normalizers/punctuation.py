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

from ..chars import CHINESE, DIGIT, HSPACE, LATIN, MARKER, SPACE_CHARS
from ..core import Context, Normalizer, register
from ..markup import is_markdown
from . import trigger

_S = f"[{HSPACE}]"
_CN = f"[{CHINESE}]"
# Every run of dots is tried once, from its first dot, and possessively: 'a' + '.' * n fails in
# one scan instead of one per dot.
_DOTS = r"(?<![.．])(?:\.{3,}+|．{3,}+)"
#: What every ellipsis the pattern finds holds: three dots of one kind, or a …
_MAYBE_ELLIPSIS = trigger("...", "．．．", "。。。", "…")
_ELLIPSIS = regex.compile(
    rf"(?:(?<={_CN}{_S}*){_DOTS}|{_DOTS}(?={_S}*{_CN})|(?<!。)。{{3,}}+|(?<!…)…{{3,}}+|(?<!…)…(?!…))")
# Each set of trigger characters below is written once: the pattern, its precheck (is there
# anything for the pass to do?) and the conversion table are built from it, so that they
# cannot drift apart (tests/test_prechecks.py checks every precheck against its pattern).
_CORNER_QUOTES = "「」『』"
_CORNER = regex.compile(f"[{_CORNER_QUOTES}]")
_CORNER_MAP = str.maketrans(_CORNER_QUOTES, "“”‘’")
_HAS_CORNER_QUOTE = trigger(*_CORNER_QUOTES)
#: ASCII marks that become full-width in Chinese context, and the ASCII brackets.
_ASCII_PAUSES = ",;:?!"
_ASCII_BRACKETS = "()"
_WIDE = str.maketrans(_ASCII_PAUSES + _ASCII_BRACKETS, "，；：？！（）")
_HAS_ASCII_BRACKET = trigger(*_ASCII_BRACKETS)
# One pass per mark with a literal replacement: no Python call per match.
_ASCII_MARKS = tuple(
    (mark, chr(_WIDE[ord(mark)]),
     regex.compile(rf"{regex.escape(mark)}(?:(?<={_CN}{_S}*.)|(?={_S}*{_CN}))"))
    for mark in _ASCII_PAUSES)
_ANY_ASCII_MARK = regex.compile(r"[,;:?!()\"'.]")
# Pairs with Han inside are Chinese whatever stands around them: a template, no callback.
# The body is read possessively and Han is looked for by a look-ahead that stops at the first
# Han character: an opening bracket without its partner costs one scan of what follows it
# (a body holds no bracket, so no character is scanned for two openings).
_BODY = r"[^()（）\n]*+"
_HAS_HAN = r"(?=[^()（）\n\p{Han}]*+\p{Han})"
_PAIR_HAN = regex.compile(rf"\({_HAS_HAN}({_BODY})[)）]|（{_HAS_HAN}({_BODY})\)")
# Innermost bracket pairs, either width.
_PAIR = regex.compile(rf"(?P<open>\()(?P<body>{_BODY})(?P<close>[)）])"
                      rf"|(?P<open>（)(?P<body>{_BODY})(?P<close>\))")
# In a Markdown document, ``[text](target)`` is a link: its brackets are syntax.
_PAIR_HAN_MD = regex.compile(rf"(?<!\])\({_HAS_HAN}({_BODY})[)）]|（{_HAS_HAN}({_BODY})\)")
_PAIR_MD = regex.compile(rf"(?P<open>(?<!\])\()(?P<body>{_BODY})(?P<close>[)）])"
                         rf"|(?P<open>（)(?P<body>{_BODY})(?P<close>\))")
_LATIN_EDGE = regex.compile(rf"[{LATIN}{DIGIT}\n.,;:%&+\-/_=#@~]")
# The pairs of ASCII brackets without Han that a pair touches (``Article 3(1)(a) of``): a
# chain stands in the context of its outer edges, all its pairs alike.
_CHAIN_AFTER = regex.compile(r"(?:\([^()（）\n\p{Han}]*+\))++")
_CHAIN_BEFORE = regex.compile(r"(?:\([^()（）\n\p{Han}]*+\))++\Z")
_BEFORE = regex.compile(rf"([^{HSPACE}]){_S}*\Z")
_AFTER = regex.compile(rf"{_S}*([^{HSPACE}])")
_LONE = r"(?:\((?![^()（）\n]*[)）])|(?<![(（][^()（）\n]*)\))"
_LONE_BRACKET = regex.compile(rf"(?<={_CN}{_S}*){_LONE}|{_LONE}(?={_S}*{_CN})")
# In a Markdown document the bracket of an ordered list item's marker (``1) 网上申报``) is
# markup (§3a), not a lone bracket.
_LONE_BRACKET_MD = regex.compile(rf"(?m)(?!(?<=^[0-9]{{1,9}})\)[ \t])(?:{_LONE_BRACKET.pattern})")
# A run of ASCII marks and lone brackets (with spaces between): one conversion makes its
# neighbour's context Chinese, so the whole run converts at once instead of one mark per
# pass (a run longer than the passes was left half converted: not idempotent).
_CONVERTIBLE = rf"(?:[{_ASCII_PAUSES}]|{_LONE})"
_MARK_RUN = regex.compile(rf"{_CONVERTIBLE}(?:{_S}*+{_CONVERTIBLE})++")
_MAYBE_MARK_RUN = re.compile(
    rf"[{_ASCII_PAUSES}{_ASCII_BRACKETS}][{SPACE_CHARS}]*[{_ASCII_PAUSES}{_ASCII_BRACKETS}]")
# Straight double quotes pair up along a line; a chain of pairs that touch ("a""b") is read
# as one match, since a pair that converts gives the next one Chinese context.
_DQUOTE_PAIR = regex.compile(r'(?:"[^"\n]*+")++')
_ONE_DQUOTE_PAIR = regex.compile(r'"([^"\n]*+)"')
# Straight single quotes around Han text; runs of them (''字'') nest, the innermost pairs
# first: one match per nest instead of one pass per level. A match starts only at a run's
# first quote: one started inside the run would take the same rest of it and fail the same
# way, after scanning what follows once per quote.
_SQUOTE_PAIR = regex.compile(r"(?<!')('++)(?=[^'\n\p{Han}]*+\p{Han})([^'\n]*+)('++)")

# A dash written as a run between Han text is the 破折号 (§5): two to four of - － — – ―, or
# one ―. A single —, -, － or – there is a 连接号 or a hyphen (中国—东盟, 锂-亚硫酰氯) and stays.
_DASH_CHARS = "-－—–―"
_DASH = regex.compile(
    rf"(?<=[\p{{Han}}”’》）]{_S}*)(?<![{_DASH_CHARS}])(?:[{_DASH_CHARS}]{{2,4}}+|―)(?![{_DASH_CHARS}])"
    rf"(?={_S}*[\p{{Han}}“‘《（])")
_DASH_PAIR = re.compile(f"[{_DASH_CHARS}]{{2}}")


def _maybe_dash(text: str) -> bool:
    """Whether ``text`` holds ― or two dash characters in a row, as every match of ``_DASH``
    does. A pattern scan (``[…]{2}|―``) stops at every — of the text; a substring search
    for each dash character finds which are there at all, and with one or two kinds (— in
    most documents, - and — in some) their pairs are at most four more substring searches."""
    if "―" in text:
        return True
    present = [c for c in _DASH_CHARS if c in text]
    if len(present) <= 2:
        return any(a + b in text for a in present for b in present)
    return _DASH_PAIR.search(text) is not None


# A run of Chinese marks, read once from its first mark (the look-behind skips the spaces back
# to the previous mark only). A run before a numbering marker is a broken marker (、1、,
# 6、、1、): its last mark is left for numbering to repair (see :func:`_collapse`).
_MARKS = "，、；：。！？"
_RUN = regex.compile(rf"(?<![{_MARKS}]{_S}*+)[{_MARKS}](?:{_S}*+[{_MARKS}])++")
_MARKER_AT = regex.compile(MARKER)
_MAYBE_RUN = re.compile(rf"[{_MARKS}][{SPACE_CHARS}]*[{_MARKS}]")
_HAS_CN = regex.compile(_CN)
# Han, or the 连接号 of a year range (2011—2015): what makes a bracket's content Chinese.
_CHINESE_BODY = regex.compile(r"[\p{Han}—]")


def _collapse_marks(run: str) -> str:
    marks = [c for c in run if c not in SPACE_CHARS]
    if set(marks) <= {"？", "！"} and len(set(marks)) > 1:
        return run  # ？！ is a legitimate combination
    finals = [c for c in marks if c in "。！？"]
    return finals[-1] if finals else marks[-1]


def _collapse(m: regex.Match[str]) -> str:
    run = m.group()
    if _MARKER_AT.match(m.string, m.end()) is None:
        return _collapse_marks(run)
    # Before a marker the last mark may be the marker's own broken part: keep it (and the
    # spaces before it) and collapse the rest, if two or more marks are left.
    head = run[:-1].rstrip(SPACE_CHARS)
    if sum(c not in SPACE_CHARS for c in head) < 2:
        return run
    return _collapse_marks(head) + run[len(head):]


def _mark_run(m: regex.Match[str]) -> str:
    """A run of ASCII marks converts whole when its nearest neighbour on either side is Chinese."""
    text = m.string
    s, e = m.span()
    b = _BEFORE.search(text, max(0, s - 64), s)
    a = _AFTER.match(text, e)
    if (b is not None and _HAS_CN.match(b.group(1))) or (a is not None and _HAS_CN.match(a.group(1))):
        return m.group().translate(_WIDE)
    return m.group()


def _bracket(m: regex.Match[str]) -> str:
    body = m.group("body")
    text = m.string
    s, e = m.span()
    if text[e:e + 1] == "(" and (chain := _CHAIN_AFTER.match(text, e)) is not None:
        e = chain.end()
    if text[s - 1:s] == ")" and (chain := _CHAIN_BEFORE.search(text, max(0, s - 64), s)) is not None:
        s = chain.start()
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


def _quote(m: regex.Match[str]) -> str:
    """A chain of straight-quote pairs becomes “…” when Chinese touches it or is inside one
    of its pairs: a converted pair is Chinese punctuation beside the next one, so the
    whole chain converts, or none of it."""
    s, e = m.span()
    text = m.string
    if not _HAS_CN.search(text[max(0, s - 1):s] + text[e:e + 1]) and not _HAS_CN.search(m.group()):
        return m.group()
    return _ONE_DQUOTE_PAIR.sub(r"“\1”", m.group())


_PAIRS = (("（", "）"), ("“", "”"), ("《", "》"), ("‘", "’"))
#: Everything but the marks of the pairs and the line breaks: what the pairing count skips.
_NOT_A_PAIR_MARK = re.compile("[^" + "".join(open_ + close for open_, close in _PAIRS) + "\n]+")
#: Each mark's pair (its index in _PAIRS) and whether it opens.
_PAIR_OF = {mark: (k, mark == pair[0]) for k, pair in enumerate(_PAIRS) for mark in pair}


def _single_quotes(m: regex.Match[str]) -> str:
    opening, body, closing = m.groups()
    k = min(len(opening), len(closing))
    return opening[k:] + "‘" * k + body + "’" * k + closing[k:]


def unpaired_marks(text: str) -> list[str]:
    """Describe brackets and quotes that have no partner on their line in ``text``.

    Each kind is matched like brackets, innermost first, by a depth count over its marks
    and the line breaks only: one pass over the marks alone (the text without anything
    else), however deeply they nest.
    """
    if not any(open_ in text or close in text for open_, close in _PAIRS):
        return []
    n = len(_PAIRS)
    opens, closes, depth = [0] * n, [0] * n, [0] * n
    for c in _NOT_A_PAIR_MARK.sub("", text):
        if c == "\n":
            for k in range(n):
                opens[k] += depth[k]
                depth[k] = 0
            continue
        k, is_open = _PAIR_OF[c]
        if is_open:
            depth[k] += 1
        elif depth[k]:
            depth[k] -= 1
        else:
            closes[k] += 1
    found = []
    for k, (open_, close) in enumerate(_PAIRS):
        found.extend([f"punctuation.unpaired: unpaired {open_}"] * (opens[k] + depth[k]))
        found.extend([f"punctuation.unpaired: unpaired {close}"] * closes[k])
    return found


@register
class PunctuationNormalizer(Normalizer):
    name = "punctuation"
    summary = "full-width punctuation in Chinese context, paired quotes, collapsed repeats, 破折号"
    defaults = {"corner_quotes": True}
    option_docs = {"corner_quotes": "「」『』 become the mainland “” ‘’ (on with a Simplified target)"}

    def run(self, text: str, ctx: Context) -> str:
        if self.options["corner_quotes"] and _HAS_CORNER_QUOTE(text):
            text = ctx.sub(_CORNER, lambda m: m.group().translate(_CORNER_MAP), text,
                           "punctuation.corner_quote", "mainland quotes “” ‘’")
        # Each conversion can give its neighbours Chinese context: repeat to a fixed point.
        # Runs convert whole, so the rounds are bounded by how marks of different kinds
        # alternate, not by how many there are. A text with no ASCII mark and no ellipsis
        # has nothing for any pass of a round (each pass's precheck is one or the other).
        if _ANY_ASCII_MARK.search(text) or _MAYBE_ELLIPSIS(text):
            markdown = is_markdown(text)
            for _ in range(8):
                before = text
                text = self._context_pass(text, ctx, markdown)
                if text == before or not _ANY_ASCII_MARK.search(text):
                    break
        if _maybe_dash(text):
            text = ctx.sub(_DASH, "——", text, "punctuation.dash",
                           "a run of dashes between Han text is the 破折号 ——")
        if _MAYBE_RUN.search(text):
            text = ctx.sub(_RUN, _collapse, text, "punctuation.repeat", "repeated punctuation collapsed")
        if ctx.track:
            ctx.warnings.extend(unpaired_marks(text))
        return text

    @staticmethod
    def _context_pass(text: str, ctx: Context, markdown: bool) -> str:
        if _MAYBE_ELLIPSIS(text):
            text = ctx.sub(_ELLIPSIS, "……", text, "punctuation.ellipsis", "ellipsis is ……")
        if _HAS_ASCII_BRACKET(text):
            pair_han, pair = (_PAIR_HAN_MD, _PAIR_MD) if markdown else (_PAIR_HAN, _PAIR)
            text = ctx.sub(pair_han, r"（\1\2）", text, "punctuation.bracket", "brackets in Chinese context are （）")
            text = ctx.sub(pair, _bracket, text, "punctuation.bracket", "brackets in Chinese context are （）")
        if _MAYBE_MARK_RUN.search(text):
            text = ctx.sub(_MARK_RUN, _mark_run, text, "punctuation.fullwidth",
                           "run of ASCII marks or lone brackets in Chinese context to full-width")
        for mark, wide, pattern in _ASCII_MARKS:
            if mark in text:
                text = ctx.sub(pattern, wide, text, "punctuation.fullwidth",
                               "ASCII mark in Chinese context to full-width")
        if _HAS_ASCII_BRACKET(text):
            text = ctx.sub(_LONE_BRACKET_MD if markdown else _LONE_BRACKET, lambda m: m.group().translate(_WIDE), text,
                           "punctuation.fullwidth", "ASCII bracket in Chinese context to full-width")
        if '"' in text:
            text = ctx.sub(_DQUOTE_PAIR, _quote, text, "punctuation.quote", "straight quotes to “”")
        if "'" in text:
            text = ctx.sub(_SQUOTE_PAIR, _single_quotes, text, "punctuation.quote",
                           "straight quotes to ‘’")
        return text
