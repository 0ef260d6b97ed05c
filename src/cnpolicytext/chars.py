"""Character classes, defined once and shared by every normalizer.

Each constant is a fragment of a `regex` character class (without brackets) or a
full class, so patterns can combine them: ``rf"[{HAN}{CJK_PUNCT}]"``.
"""

from __future__ import annotations

import re as _re

#: Han ideographs (all CJK blocks, including 〇).
HAN = r"\p{Han}"
#: Opening Chinese quotes and brackets.
CJK_OPEN = "“‘（《〈【〔「『［｛〖"
#: Closing Chinese quotes and brackets.
CJK_CLOSE = "”’）》〉】〕」』］｝〗"
#: Marks that end a sentence.
SENTENCE_END = "。！？"
#: Marks that end a line's paragraph when they close it (§4).
PARAGRAPH_END = "。！？；："
#: Pause marks inside a sentence.
PAUSE = "，、；："
#: Every full-width Chinese punctuation mark the cleaner knows about.
CJK_PUNCT = SENTENCE_END + PAUSE + CJK_OPEN + CJK_CLOSE + "…—～·﹏．／"
#: Horizontal whitespace of every kind (not the line break), as characters (for str.strip)
#: and as a character-class fragment (for patterns).
SPACE_CHARS = " \t\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
#: The same characters as a class fragment, the run U+2000–U+200A as a range: a pattern
#: compiler reads a range as one item, and the class is written into some thirty patterns
#: compiled at import (what a run of the command line waits for before it cleans).
HSPACE = " \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
#: The words a document's title ends with, its genre (…的通知, …实施方案), as an alternation.
DOCUMENT_GENRES = ("通知|意见|办法|规定|方案|决定|规划|细则|条例|公告|通告|批复|函|纲要|计划|要点|指南|决议|公报"
                   "|报告|讲话|说明|通报|措施|标准|规则|章程|法|令|目录|清单|指引")
#: Characters that give a position Chinese context.
CHINESE = HAN + CJK_PUNCT
#: Latin letters and digits (after full-width forms were folded to ASCII).
LATIN = "A-Za-z"
DIGIT = "0-9"
#: Full-width Latin letters and digits (folded to ASCII by ``unicode``).
FULLWIDTH_ALNUM = "Ａ-Ｚａ-ｚ０-９"
#: Chinese digits of a year written digit by digit, with the zero forms seen in dates.
CN_DIGITS = "零〇○Oo一二三四五六七八九"

#: Chinese numerals as used in heading numbers (一 … 九十九).
CN_INDEX = "一二三四五六七八九十"
#: A numbering marker that can open a heading or item (GB/T 9704 styles and variants).
#: Used both to find headings and to tell paragraph breaks in flattened text.
MARKER = (
    rf"(?:[{CN_INDEX}]{{1,3}}[、.．,，](?![{CN_INDEX}])"  # 一、 一. 一，
    rf"|[(（][{CN_INDEX}]{{1,3}}[)）]"  # (一) （一)
    rf"|(?<![0-9.．])[0-9]{{1,2}}[、.．](?![0-9])"  # 1、 1. 1．
    rf"|[(（][0-9]{{1,2}}[)）]"  # (1) （1）
    r"|[①-⑳⑴-⒇㈠-㈩])"  # circled ①, parenthesized ⑴ and ㈠ (single characters)
)

#: Page furniture: a page number standing for a whole line (``- 3 -``, ``第3页 共10页``).
PAGE_FURNITURE = (
    r"(?:[-－—–·•][ \t\u3000]*\d{1,4}[ \t\u3000]*[-－—–·•]"
    r"|第[ \t\u3000]*\d{1,4}[ \t\u3000]*页(?:[ \t\u3000]*[,，/]?[ \t\u3000]*共[ \t\u3000]*\d{1,4}[ \t\u3000]*页)?"
    r"|Page[ \t\u3000]+\d{1,4}(?:[ \t\u3000]+of[ \t\u3000]+\d{1,4})?"
    r"|\d{1,4}[ \t\u3000]*/[ \t\u3000]*\d{1,4})"
)

#: Precheck: any horizontal whitespace at all (standard-library ``re``: a plain class scan
#: there is several times faster than in ``regex``). No space, no whitespace work.
ANY_SPACE = _re.compile("[" + SPACE_CHARS + "]")

#: Spaces between two Han characters in running text (a line with a comma or a full stop
#: after them): counted to tell a document of stray spaces (工 业化) from a laid-out one.
RUNNING_HAN_GAP = _re.compile(
    "[\u3400-\u9fff\uf900-\ufaff][" + SPACE_CHARS + "]+[\u3400-\u9fff\uf900-\ufaff](?=[^\n]*[，。,])")

#: A heading number in Chinese numerals (一 … 九十九), as a pattern: shared by the markers
#: ``numbering`` rewrites and the headings the outline reads.
CN_INDEX_RUN = rf"[{CN_INDEX}]{{1,3}}"
