"""`unicode`: the character level of CONVENTIONS §1.

Line endings become ``\\n``; byte-order marks, control, zero-width and soft-hyphen
characters go; text is put in NFC; full-width ASCII letters and digits and ``％`` become
half-width. Full-width *punctuation* is left alone: it is the correct form in Chinese —
except ``．`` between two digits, which is a decimal point (``8．8％`` → ``8.8%``). Spaces
inside that one number, and before ``%``/``‰``, go (``8 ．8 ％`` → ``8.8%``); spaces between
two numbers stay (``3523 1170``), and no space is ever added.
"""

from __future__ import annotations

import re
import unicodedata

import regex

from ..chars import FULLWIDTH_ALNUM, HSPACE, SPACE_CHARS
from ..core import Context, Normalizer, register

#: Line ends other than \n (\r of \r\n included).
_NEWLINE_CHARS = r"\r\u0085\u2028\u2029\x0b\x0c"
#: Characters that show nothing (§1): BOM, zero-width spaces and joiners, the bidi marks,
#: embeddings and isolates (LRM, RLE…, LRI…), invisible operators, soft hyphen, Mongolian
#: vowel separator, and the C0/C1 controls other than \t and \n (and the line ends above).
_INVISIBLE_CHARS = (r"\ufeff\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u00ad\u180e"
                    r"\x00-\x08\x0e-\x1f\x7f-\x9f")
_NEWLINES = regex.compile(rf"\r\n?|[{_NEWLINE_CHARS}]")
_INVISIBLE = regex.compile(rf"[{_INVISIBLE_CHARS}]+")
# Prechecks use the standard library's re: its scan for a plain character class is
# several times faster than the regex module's (measured in benchmarks/). Built from the
# same character sets as the patterns, so the two cannot drift apart.
_ANY_NEWLINE_OR_INVISIBLE = re.compile(rf"[{_NEWLINE_CHARS}{_INVISIBLE_CHARS}]")
_ANY_FULLWIDTH = re.compile(rf"[{FULLWIDTH_ALNUM}％]")
# Both in one scan: most texts hold none of them, and then one scan decides for the two.
_ANY_TO_REPAIR = re.compile(rf"[{_NEWLINE_CHARS}{_INVISIBLE_CHARS}{FULLWIDTH_ALNUM}％]")
_NOT_NFC_LINE = regex.compile(r"[^\n]*[^\x00-\u02ff\u3000-\u9fff\n][^\n]*")
_FULLWIDTH = regex.compile(rf"[{FULLWIDTH_ALNUM}％]+")
_FULLWIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(ord("Ａ"), ord("Ｚ") + 1)}
_FULLWIDTH_TABLE.update({cp: cp - 0xFEE0 for cp in range(ord("ａ"), ord("ｚ") + 1)})
_FULLWIDTH_TABLE.update({cp: cp - 0xFEE0 for cp in range(ord("０"), ord("９") + 1)})
_FULLWIDTH_TABLE[ord("％")] = ord("%")

#: The signs a number's spaces go before.
_SIGNS = "%‰"

# A full-width point between digits, with the spaces before it (8 ．8); with spaces after
# it too only inside a percentage (8． 8 %), where the digits that follow belong to the
# same number — elsewhere 1． 2020年 is a marker and a year. Possessive runs, anchored on a
# digit before: each run of spaces is scanned once.
_DECIMAL = regex.compile(
    rf"(?<=[0-9])[{HSPACE}]*+．(?:(?=[0-9])|[{HSPACE}]++(?=[0-9]++(?:[.．][0-9]++)?[{HSPACE}]*+[{_SIGNS}]))")
_PERCENT_SPACE = regex.compile(rf"(?<=[0-9])[{HSPACE}]++(?=[{_SIGNS}])")
# Precheck of the first (standard-library re), from the same space class: a digit, spaces, ．
# after them.
_MAYBE_DECIMAL = re.compile(rf"[0-9][{HSPACE}]*．")


def _maybe_percent_space(text: str) -> bool:
    """Whether a % or ‰ of ``text`` has a space before it, as every match of
    ``_PERCENT_SPACE`` does. The signs are few (a scan for a digit before spaces stops at
    every digit of the text): a substring search finds each, and one look at the character
    before it decides."""
    for sign in _SIGNS:
        at = text.find(sign)
        while at >= 0:
            if at and text[at - 1] in SPACE_CHARS:
                return True
            at = text.find(sign, at + 1)
    return False


def _nfc(m: regex.Match[str]) -> str:
    return unicodedata.normalize("NFC", m.group())


@register
class UnicodeNormalizer(Normalizer):
    name = "unicode"
    idempotent = True  # tests/test_rounds.py checks it
    summary = "NFC, \\n line ends, no BOM/control/zero-width chars, full-width letters and digits to ASCII"
    defaults = {"fullwidth": True}
    option_docs = {"fullwidth": "full-width letters, digits and ％ become ASCII (ＡＢ１２３％ -> AB123%)"}
    changes_han = True  # NFC maps CJK compatibility ideographs to their unified forms

    def run(self, text: str, ctx: Context) -> str:
        suspect = _ANY_TO_REPAIR.search(text) is not None
        if suspect and _ANY_NEWLINE_OR_INVISIBLE.search(text):
            text = ctx.sub(_NEWLINES, "\n", text, "unicode.newline", "line ending to \\n")
            text = ctx.sub(_INVISIBLE, "", text, "unicode.invisible", "control or invisible character removed")
        if not unicodedata.is_normalized("NFC", text):
            text = ctx.sub(_NOT_NFC_LINE, _nfc, text, "unicode.nfc", "Unicode NFC")
            suspect = True  # the scan above saw the text before NFC
        if self.options["fullwidth"] and suspect and _ANY_FULLWIDTH.search(text):
            if not ctx.track:
                text = text.translate(_FULLWIDTH_TABLE)
            else:
                text = ctx.sub(_FULLWIDTH, lambda m: m.group().translate(_FULLWIDTH_TABLE), text,
                               "unicode.fullwidth", "full-width letter, digit or ％ to half-width")
        if self.options["fullwidth"]:
            if "．" in text and _MAYBE_DECIMAL.search(text):
                text = ctx.sub(_DECIMAL, ".", text, "unicode.decimal_point",
                               "full-width ． between two digits is a decimal point")
            if _maybe_percent_space(text):
                text = ctx.sub(_PERCENT_SPACE, "", text, "unicode.number_space",
                               "space inside a number, before % or ‰")
        return text
