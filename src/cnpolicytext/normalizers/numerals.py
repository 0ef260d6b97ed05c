"""`numerals`: CONVENTIONS §7 (GB/T 15835) and the year ranges of §5.

Only dates and percentages are rewritten by default; a Chinese numeral anywhere else
stays, and an expression in the protected lexicon (``data/protected.txt``: 十一五,
三个代表, 一是, 进一步 …) or inside book-title marks (《…》, the name of a work or a
document) is never touched, whatever option is set. cn2an does the
arithmetic; deciding *where* a numeral is a number is this module's job.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import regex

from ..chars import CN_DIGITS
from ..core import Context, Normalizer, register
from ..data import packaged, words

_ZERO = CN_DIGITS[:5]
_DIGIT_VALUE = {**{z: 0 for z in _ZERO}, **{d: v for v, d in enumerate(CN_DIGITS[5:], start=1)}}
_YDIGIT = f"[{CN_DIGITS}]"
_MONTH = "(?:十[一二]?|[一二三四五六七八九])"
_DAY = "(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
# The first year of a range has no 年 of its own (二〇二四—二〇二五年 -> 2024—2025年): it is a
# year when the second bound, written the same way, is one.
_RANGE_SEP = "(?:—|－|-|~|～|–|至|到)"
_DATE = regex.compile(
    rf"(?<![{_ZERO}一二三四五六七八九十百千万两\d])"
    rf"(?:(?P<year>[一二]{_YDIGIT}{{3}})年(?:(?P<ym>{_MONTH})月(?:(?P<yd>{_DAY})[日号])?)?"
    rf"|(?P<ryear>[一二]{_YDIGIT}{{3}})(?={_RANGE_SEP}[一二]{_YDIGIT}{{3}}年)"
    rf"|(?P<month>{_MONTH})月(?P<day>{_DAY})[日号])")
_CN_NUM = "[零〇一二两三四五六七八九十百千万]+(?:点[零〇一二三四五六七八九]+)?"
#: Between the bounds of a range of percentages or days.
_TO = "(?:至|到|～|~|—|-)"
# 百分之三十至四十: the second bound is a percentage too (30%至40%).
# A numeral followed by 几, 多 or 余 (百分之十几, 百分之五点几, 百分之二十多) is an
# estimate with no one value: it is not matched at all, so no part of it is converted.
_ESTIMATE = "几多余点"
# 五千分之一 and 三百分之一 are fractions (1/5000, 1/300) whose denominator only ends in 千 or
# 百: a numeral before the 百 or 千 says so (``denom``), and nothing is converted. It is
# matched, not looked behind at, so that a percentage right after another one's last digit
# (百分之十二点五百分之…) is read the same in one pass as in two. A lone 一 is no denominator
# (一百 and 一千 are not written so): it ends a word (统一, 这一, 第一, 万一).
_PERCENT = regex.compile(
    rf"(?P<denom>(?!一(?:百分之|千分之))[{_ZERO}一二两三四五六七八九十百千万]+)?(?P<kind>百分之|千分之)(?>(?P<num>{_CN_NUM}))(?![{_ESTIMATE}])"
    rf"(?:(?P<sep>{_TO})(?>(?P<upto>{_CN_NUM}))(?![个项名家年月日分倍{_ESTIMATE}]))?")
#: Two neighbouring digits in a numeral's whole part (八九, 二十三四): "eight or nine", a
#: range written as one numeral, which has no single Arabic value.
_APPROXIMATE = regex.compile("[一二三四五六七八九]{2}")
# The second day of a range whose first was a whole date (3月1日至五日 -> 3月1日至5日).
_DAY_RANGE = regex.compile(rf"(?<=\d[日号])(?P<sep>{_TO})(?P<day>{_DAY})(?P<unit>[日号])")
_YEAR = r"(?:19\d\d|20\d\d|2100)"
_YEAR_TO = "(?:-{1,2}|~|～|–|—|－|—)"
# Not inside a URL, a file name or a code (/2020-2021/, v2020-2021, 2020-2021.pdf).
_YEAR_RANGE = regex.compile(
    rf"(?<![\d.\-/=_A-Za-z])(?P<a>{_YEAR})(?P<ya>年?)\s*{_YEAR_TO}\s*(?P<b>{_YEAR})"
    rf"(?![\d/\-_A-Za-z]|\.[A-Za-z0-9])")
_LOST_RANGE = regex.compile(
    rf"(?<![\d.])(?P<a>{_YEAR})(?P<b>{_YEAR})(?=年|[)）](?<=[(（]\d{{8}}[)）]))")
# Prechecks of the four patterns above (standard-library re, whose scans are quicker), from
# their pieces without the look-arounds. A year's digits are any characters there: regex
# knows digits of newer Unicode versions than re does. A date's year is found from its 年.
_SOME_YEAR = _YEAR.replace(r"\d", ".")
_MAYBE_YEAR_RANGE = re.compile(rf"{_SOME_YEAR}年?\s*{_YEAR_TO}\s*{_SOME_YEAR}")
_MAYBE_LOST_RANGE = re.compile(rf"{_SOME_YEAR}{_SOME_YEAR}[年)）]")
_MAYBE_DATE = re.compile(rf"年(?<=[一二]{_YDIGIT}{{3}}年)|月{_DAY}[日号]")
_MAYBE_DAY_RANGE = re.compile(rf"[日号]{_TO}{_DAY}[日号]")
# Measure words after which a numeral is a count. 届, 次 and 期 are left out: 十八届四中全会,
# 十九次全国代表大会 and 十三期 are ordinals written without 第.
_MEASURE = "个项名家人所件种批座台条部辆套元米公里亩吨户位支篇本张场门处间块"
#: The characters a count's numeral is written with.
_COUNT_DIGITS = "一二两三四五六七八九十百千零"
_COUNT = regex.compile(
    rf"(?<![第几数零〇一二两三四五六七八九十百千万\d])(?P<num>[{_COUNT_DIGITS}]+)(?P<unit>[万亿]?)"
    rf"(?=[{_MEASURE}])(?![多余])")
# Precheck of every pass on Chinese numerals: a date, a percentage (百分之, 千分之) and a count
# each hold one of the count's digits (a date's year opens with 一 or 二, its month and day
# are written with 一…十), so a text without any has nothing for them.
_ANY_CN_DIGIT = re.compile(f"[{_COUNT_DIGITS}]")

#: A title in book-title marks: on one line, of at most 120 characters, holding no other
#: such mark and no sentence end (so that a stray 《 pairs with no 》 far from it). It is a
#: proper name (§7): its numerals
#: are the work's or the document's own (《一九七六年二月三日有感》,
#: 《…第十四个五年规划和二〇三五年远景目标的建议》), and stay as written.
_TITLE = regex.compile(r"《[^《》\n。！？；]{1,120}》")


def _outside_titles(text: str, convert: Callable[[regex.Match[str]], str]) -> Callable[[regex.Match[str]], str]:
    """``convert`` for the matches outside the titles of ``text`` (the text the pass runs
    on); a match inside one stays as written."""
    spans = [m.span() for m in _TITLE.finditer(text)] if "《" in text else []
    if not spans:
        return convert
    starts = [s for s, _ in spans]

    def outside(m: regex.Match[str]) -> str:
        k = bisect.bisect_right(starts, m.start()) - 1
        return m.group() if k >= 0 and m.start() < spans[k][1] else convert(m)

    return outside


def _small(s: str) -> int:
    """Value of a Chinese numeral below 100 (月/日)."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_DIGIT_VALUE[tens] if tens else 1) * 10 + (_DIGIT_VALUE[ones] if ones else 0)
    return _DIGIT_VALUE[s]


def cn_value(s: str) -> float | int | None:
    """The value of a Chinese numeral string, or None when it is not a well-formed number."""
    import cn2an  # imported on first use: most texts never need it

    s = s.replace("两", "二").replace("〇", "零")
    if s[0] in "百千万":
        s = "一" + s
    try:
        value = cn2an.cn2an(s, "normal")
    except (ValueError, KeyError, IndexError):
        return None
    return value if isinstance(value, (int, float)) else None


def _format(value: float | int, source: str) -> str:
    if "点" in source:
        decimals = len(source.split("点", 1)[1])
        return f"{value:.{decimals}f}"
    return str(int(value))


@lru_cache(maxsize=1)
def default_lexicon() -> tuple[str, ...]:
    """The packaged list of protected expressions."""
    return tuple(dict.fromkeys(words(packaged("protected.txt"))))


#: The longest protected expression accepted: the lexicon is searched around each numeral
#: within this reach, so an entry longer than any expression is a mistake (a pasted paragraph).
MAX_PROTECTED = 64


def check_protected(entries: object) -> tuple[str, ...]:
    """The user's protected expressions, checked: literal text, one expression each.

    They are matched literally (a named list of the ``regex`` module, which takes no pattern
    syntax and cannot backtrack), so checking is about shape: a string instead of a list
    (``protected="十一五"`` would protect 十, 一 and 五), an empty entry, a line break inside
    one, or one longer than :data:`MAX_PROTECTED` characters is a clear error.
    """
    if isinstance(entries, (str, bytes)):
        raise TypeError(f"numerals: protected must be a list of expressions, not one string ({entries!r})")
    if not isinstance(entries, Iterable):
        raise TypeError(f"numerals: protected must be a list of expressions, not {type(entries).__name__}")
    items: list[str] = []
    for n, item in enumerate(entries, start=1):
        if not isinstance(item, str):
            raise TypeError(f"numerals: protected expression {n} is {type(item).__name__}, not text: {item!r}")
        if not item.strip():
            raise ValueError(f"numerals: protected expression {n} is empty")
        if "\n" in item or "\r" in item:
            raise ValueError(f"numerals: protected expression {n} holds a line break: {item!r}")
        if len(item) > MAX_PROTECTED:
            raise ValueError(f"numerals: protected expression {n} is {len(item)} characters long "
                             f"(at most {MAX_PROTECTED}): {item[:20]!r}…")
        items.append(item)
    return tuple(items)


@lru_cache(maxsize=8)
def _lexicon_pattern(extra: tuple[str, ...]) -> tuple[regex.Pattern[str], int]:
    words = sorted(set(default_lexicon()) | set(extra), key=len, reverse=True)
    return regex.compile(r"\L<words>", words=words), max(map(len, words))


@register
class NumeralsNormalizer(Normalizer):
    name = "numerals"
    idempotent = True  # tests/test_rounds.py checks it
    summary = "dates and percentages in Chinese numerals to Arabic; year ranges use —; fixed expressions kept"
    defaults = {"dates": True, "percent": True, "year_ranges": True, "counts": False,
                "protected": ()}
    option_docs = {
        "dates": "dates in Chinese numerals become Arabic (二○一○年四月 -> 2010年4月)",
        "percent": "百分之/千分之 become % and ‰ (百分之十二点五 -> 12.5%)",
        "year_ranges": "year ranges take — and a lost separator is restored ((20112015) -> （2011—2015）)",
        "counts": "also convert counts with measure words where unambiguous (三个 -> 3个)",
        "protected": "extra expressions that keep their Chinese numerals (literal text, one each)",
    }
    changes_han = True

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        self.options["protected"] = check_protected(self.options["protected"])
        _lexicon_pattern(self.options["protected"])  # built now: a bad list fails on load, not mid-run

    def _is_protected(self, m: regex.Match[str]) -> bool:
        """Whether a protected expression crosses the match (looked up around it only).

        One that lies wholly inside the match does not protect it: 九五 inside 一九五九年 is
        part of a longer, more specific reading.
        """
        pattern, longest = _lexicon_pattern(self.options["protected"])
        s, e = m.span()
        return any(p.start() < e and s < p.end() and (p.start() < s or p.end() > e)
                   for p in pattern.finditer(m.string, max(0, s - longest), e + longest, overlapped=True))

    def run(self, text: str, ctx: Context) -> str:
        opts = self.options
        if opts["year_ranges"]:
            text = self._year_ranges(text, ctx)
        if not _ANY_CN_DIGIT.search(text):
            return text
        protected = self._is_protected

        def kept(convert: Callable[[regex.Match[str]], str]) -> Callable[[regex.Match[str]], str]:
            """``convert`` for the matches of the current text that neither a protected
            expression nor a title holds."""
            return _outside_titles(text, lambda m: m.group() if protected(m) else convert(m))

        if opts["dates"] and ("年" in text or "月" in text):
            before = text
            if _MAYBE_DATE.search(text):
                text = ctx.sub(_DATE, kept(_date), text, "numerals.date",
                               "date in Chinese numerals to Arabic (GB/T 15835)")
            if _MAYBE_DAY_RANGE.search(text):
                text = ctx.sub(_DAY_RANGE, _outside_titles(text, _day_range), text, "numerals.date",
                               "date in Chinese numerals to Arabic")
            if opts["year_ranges"] and text != before:
                # Years just written in digits may form a range (二〇二四-二〇二五年): one run
                # finishes what a second would do.
                text = self._year_ranges(text, ctx)
        if opts["percent"] and "分之" in text:
            text = ctx.sub(_PERCENT, kept(_percent), text, "numerals.percent",
                           "percentage in Chinese numerals to Arabic")
        if opts["counts"]:
            text = ctx.sub(_COUNT, kept(_count), text, "numerals.count", "count with a measure word to Arabic")
        return text

    @staticmethod
    def _year_ranges(text: str, ctx: Context) -> str:
        if _MAYBE_YEAR_RANGE.search(text):
            text = ctx.sub(_YEAR_RANGE, _year_range, text, "numerals.year_range",
                           "a range between two years is written with —")
        if _MAYBE_LOST_RANGE.search(text):
            text = ctx.sub(_LOST_RANGE, _lost_range, text, "numerals.year_range",
                           "lost separator between two years restored as —")
        return text


def _year_range(m: regex.Match[str]) -> str:
    a, b = int(m.group("a")), int(m.group("b"))
    tail = m.string[m.end():m.end() + 1]
    if b <= a or b - a > 100:
        return m.group()
    if not (m.group("ya") or tail in ("年", ")", "）")):
        before = m.string[m.start() - 1:m.start()]
        if before not in ("(", "（"):
            return m.group()
    return f"{a}{m.group('ya')}—{b}"


def _lost_range(m: regex.Match[str]) -> str:
    a, b = int(m.group("a")), int(m.group("b"))
    if not (a < b <= a + 100):
        return m.group()
    return f"{a}—{b}"


#: What comes before a date of another calendar, whose Chinese numerals stay (GB/T 15835
#: writes them so, and half of one in digits would mix two forms): a lunar calendar's name
#: (农历八月十五, possibly with its year: 农历二〇二三年八月十五日), or a year of another era
#: (民国九十五年三月一日, 光绪三十年五月).
_LUNAR = regex.compile(rf"(?:农历|阴历|夏历|旧历)(?:{_YDIGIT}{{2,4}}年)?\Z")
#: Before a month and day: the 年 of a year in Chinese numerals. One that is a year of our
#: era is taken with them (the pattern's first branch), so this one is of another era.
_ERA_YEAR = regex.compile(f"[{_ZERO}一二三四五六七八九十百千]年\\Z")


def _date(m: regex.Match[str]) -> str:
    start = m.start()
    if _LUNAR.search(m.string, max(0, start - 7), start) or (
            m.group("month") is not None and _ERA_YEAR.search(m.string, max(0, start - 2), start)):
        return m.group()
    if m.group("ryear") is not None:
        return "".join(str(_DIGIT_VALUE[c]) for c in m.group("ryear"))
    if m.group("year") is not None:
        year = "".join(str(_DIGIT_VALUE[c]) for c in m.group("year"))
        out = f"{year}年"
        if m.group("ym"):
            month = _small(m.group("ym"))
            if not 1 <= month <= 12:
                return m.group()
            out += f"{month}月"
            if m.group("yd"):
                day = _small(m.group("yd"))
                if not 1 <= day <= 31:
                    return m.group()
                out += f"{day}{m.group()[-1]}"
        return out
    month, day = _small(m.group("month")), _small(m.group("day"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return m.group()
    return f"{month}月{day}{m.group()[-1]}"


def _day_range(m: regex.Match[str]) -> str:
    day = _small(m.group("day"))
    return f"{m.group('sep')}{day}{m.group('unit')}" if 1 <= day <= 31 else m.group()


def _percent(m: regex.Match[str]) -> str:
    if m.group("denom"):
        return m.group()
    if m.group() == "百分之百" and m.string[m.end():m.end() + 1] == "地":
        # An adverb, "wholly" (百分之百地落实), no figure; before 的 it may be one
        # (不足百分之百的，处…), and converts.
        return m.group()
    sign = "%" if m.group("kind") == "百分之" else "‰"
    out = []
    for num in filter(None, (m.group("num"), m.group("upto"))):
        if _APPROXIMATE.search(num.partition("点")[0]):
            return m.group()
        value = cn_value(num)
        if value is None:
            return m.group()
        out.append(_format(value, num) + sign)
    return (m.group("sep") or "").join(out)


def _count(m: regex.Match[str]) -> str:
    num = m.group("num")
    if num in ("一", "两", "二") or regex.search(r"[一二三四五六七八九][一二三四五六七八九]", num):
        return m.group()  # 一个 is an article; 三四个 is "three or four"
    value = cn_value(num)
    if value is None:
        return m.group()
    return f"{int(value)}{m.group('unit')}"


def protected_expressions(extra: Iterable[str] = ()) -> list[str]:
    """The protected lexicon (packaged list plus ``extra``)."""
    return sorted(set(default_lexicon()) | set(extra))
