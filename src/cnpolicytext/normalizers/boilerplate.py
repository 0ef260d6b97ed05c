"""`boilerplate`: what belongs to the web page, not to the document (CONVENTIONS §8).

Chrome is told by its place and its neighbours, not by a word alone (in the spirit of
jusText's context-sensitive block classification). Each line is first classified from
its own features:

* ``strong``: a line pattern of ``data/boilerplate.tsv`` (a breadcrumb, an ICP number, a
  preview caption, a learned template …) — evidence enough on its own, unless the line
  reads as a sentence, which goes only at the page's head or tail;
* ``weak``: made mostly of user-interface vocabulary (``data/boilerplate_vocabulary.txt``:
  下载, 打印, 分享到, 用户登录 …), or of brackets and separators alone;
* ``block``: a pattern rule ending in ``_block`` (a lone number, a date);
* ``short``: any other short line without sentence punctuation;
* ``sentence``, ``heading`` (a numbering marker, 第X章), ``markup`` (§3a), ``meta``.

Then the neighbours decide: the page's head is what comes before the first line of the
body (a sentence or a heading), its tail what comes after the last. A weak line goes at
the head or the tail or beside another chrome line; a run of short (or block) lines goes
when chrome closes it on both sides; a sentence, a heading and Markdown structure stay
whatever they contain. A transcription site's licence notice is a tail block of licence
vocabulary (``data/boilerplate_licence.txt``). Every line gets at most one decision, so
two rules never remove the same line twice.

Page metadata lines (发布时间, 来源, 索引号 …) leave the text and come back as the
document's metadata. Inside running text, pinyin glosses and anti-scraping junk strings go.
Templates learned from a corpus (:func:`learn`) are line patterns like any other.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TypeAlias, cast

import regex

from ..chars import ANY_SPACE, DOCUMENT_GENRES, HSPACE, MARKER, RUNNING_HAN_GAP, SPACE_CHARS
from ..core import Context, Edit, Normalizer, register
from ..data import Entry, packaged, read_user, words
from ..layout import is_row
from ..markup import is_markdown, markup_line
from . import trigger

__all__ = ["check_pattern", "default_patterns", "learn", "load_patterns", "patterns", "save_patterns"]

_META_KEYS = ("发布时间", "发布日期", "来源", "信息来源", "索引号", "文号", "发文字号", "发布机构",
              "发文机关", "发文日期", "成文日期", "主题分类", "公文种类")
# Literal characters only, so the standard library's re means the same, and it finds these
# line starts two to three times faster than regex.
_META_LINE = re.compile(
    rf"(?m)^[{HSPACE}]*(?:{'|'.join(_META_KEYS)})[{HSPACE}]*[:：]")


def _meta_key(body: str) -> str:
    """The key of a metadata line (来源, 文号 …)."""
    m = _META_LINE.match(body)
    return m.group().strip(SPACE_CHARS + ":：") if m else ""


# A page's date label holds a date (发布时间：2024-03-06 10:21); one that holds a time limit
# (发布时间：预算批准后20日内, a row of a disclosure catalogue) is the document's own.
_DATED_KEY = regex.compile(rf"[{HSPACE}]*(?:发布时间|发布日期|发文日期|成文日期)")
_DATE_VALUE = regex.compile(r"[0-9]{4}|[〇○零一二三四五六七八九]{4}年|[0-9]{1,2}[-/.月][0-9]{1,2}")
# A value runs to the next "label：" or to a gap of two or more spaces.
_META_PAIR = regex.compile(
    rf"(?P<key>{'|'.join(_META_KEYS)})[{HSPACE}]*[:：][{HSPACE}]*"
    rf"(?P<value>.*?)[{HSPACE}]*(?=[^{HSPACE}:：]{{2,6}}[{HSPACE}]*[:：]|[{HSPACE}]{{2}}|$)")
_SPACES = regex.compile(f"[{HSPACE}]+")
#: Lines longer than this are running text, never a web-page line.
_LONGEST_BOILERPLATE = 300
_LONGEST_TITLE = 60
#: The longest line that user-interface vocabulary can make (a tool bar, a login line).
_LONGEST_WIDGET = 40
#: The longest unknown short line that a block of chrome takes with it (a menu item).
_LONGEST_ITEM = 8
#: A breadcrumb this far down the page or further has no site header above it.
_HEADER_LINES = 15
#: A user pattern that needs longer than this on one line is reported, never waited for.
USER_PATTERN_TIMEOUT = 1.0
_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
#: The brackets a pinyin gloss opens with: its pattern and its precheck.
_GLOSS_OPEN = "(（"
_MAYBE_GLOSS = trigger(*_GLOSS_OPEN)
_GLOSS = regex.compile(
    rf"(?<=\p{{Han}})[{_GLOSS_OPEN}](?=[a-zü{_TONE}]*[{_TONE}1-5])[a-zü{_TONE}]{{1,6}}[1-5]?[)）]")
#: What an anti-scraping junk string is made of; its precheck (standard-library re, cheap) is
#: a run of six or more of them, the pattern such a run between Han characters.
_JUNK_CHARS = r"A-Za-z0-9_\[\]{}^~`|\\ "
_MAYBE_JUNK = re.compile(rf"[{_JUNK_CHARS}]{{6,}}")
_JUNK = regex.compile(rf"(?<=\p{{Han}})[{_JUNK_CHARS}]{{6,}}+(?=\p{{Han}})")
# Characters no identifier, standard number or product name holds.
_JUNK_MARK = regex.compile(r"[{}^~`|\\]")
# What such a run may hold that is text, whatever stands beside it: a range written with a
# tilde (2021~2025, 10 ~ 20, 0.5~1.5), the bar between two cells of a table row ( | ), a
# number in brackets with the serial after it (the year of a document number written with
# ASCII brackets, 国发[2021]5号; a note reference, [3]) and a code span (`pip install x`).
_TEXT_IN_RUN = regex.compile(
    r"\d++(?:\.\d++)?+ *+~ *+\d++(?:\.\d++)?+|(?:(?<= )|^)\|(?= |$)|\[\d{1,4}\]\d{0,6}+|`[^`\n]++`")
# A file path or a network share (\\server\share, D:\data, docs/2024/a.pdf) is a name.
_PATH = regex.compile(r"(?:\\\\|[A-Za-z]:\\)?+[\w.$-]++(?:[\\/][\w.$-]++)++[\\/]?+")
# One token that reads as a name: words and numbers joined by _ - . /, CamelCase
# (WeChatPay), an index in brackets at the end (ABC[1]).
_NAME_TOKEN = regex.compile(
    r"(?:[A-Z]?[a-z]++|[A-Z]++|\d++)(?:[_\-./]?+(?:[A-Z]?[a-z]++|[A-Z]++|\d++))*+(?:\[\d{1,4}\])?+")
_NOISY_TOKEN = regex.compile(r"[_\[\]]|[a-z][A-Z]")


# Probes for a user pattern: long runs of what patterns usually repeat, each ending in a
# character that makes the match fail late.
_PROBE_RUNS = (" ", "的", "a", "1", "ab", "的 ", "a ", "。", "|", ">")


def check_pattern(rule: str, pattern: str, where: str = "boilerplate pattern") -> regex.Pattern[str]:
    """Compile a line pattern and try it on long adversarial lines under a timeout: a
    ValueError naming ``where`` and ``rule`` for a pattern that does not compile or that
    backtracks catastrophically."""
    try:
        compiled = regex.compile(pattern)
    except regex.error as err:
        raise ValueError(f"{where}: rule {rule!r}: bad pattern {pattern!r}: {err}") from None
    literals = {c for c in pattern if c.isalnum()}
    for run in _PROBE_RUNS + tuple(sorted(literals))[:20]:
        probe = run * (2000 // len(run)) + "\x00"
        try:
            compiled.search(probe, timeout=0.2)
        except TimeoutError:
            raise ValueError(f"{where}: rule {rule!r}: pattern {pattern!r} backtracks catastrophically "
                             f"(no answer within 0.2 s on {len(probe)} characters of {run!r})") from None
    return compiled


def _load(found: Iterable[Entry], check: bool) -> list[tuple[str, str]]:
    """``(rule, regex)`` pairs of a pattern file; a user's patterns are checked (``check``)."""
    out = []
    for entry in found:
        rule, _, pattern = entry.text.partition("\t")
        if not pattern:
            raise ValueError(f"{entry.where}: a pattern line needs 'rule<TAB>regex': {entry.text.rstrip()!r}")
        if check:
            check_pattern(rule, pattern, entry.where)
        out.append((rule, pattern))
    return out


@lru_cache(maxsize=1)
def default_patterns() -> tuple[tuple[str, str], ...]:
    return tuple(_load(packaged("boilerplate.tsv"), check=False))


def load_patterns(path: str) -> list[tuple[str, str]]:
    """Read extra patterns from a file in the format of ``data/boilerplate.tsv``; each is
    checked on load (a ValueError names the file, the line and the rule)."""
    return _load(read_user(path), check=True)


@lru_cache(maxsize=1)
def default_vocabulary() -> frozenset[str]:
    return frozenset(w.lower() for w in words(packaged("boilerplate_vocabulary.txt")))


@lru_cache(maxsize=1)
def default_licence() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(every licence word, the words that name a licence or the public domain)."""
    found = words(packaged("boilerplate_licence.txt"))
    return tuple(w.lstrip("!") for w in found), tuple(w[1:] for w in found if w.startswith("!"))


#: The packaged patterns of one kind: their rule names, the alternation (the matching
#: group names the rule), and the same alternation without groups.
_Packaged: TypeAlias = tuple[list[str], regex.Pattern[str], regex.Pattern[str]]
#: A user's pattern: its rule, the compiled pattern, the documents a learned one was seen in.
_UserPattern: TypeAlias = tuple[str, regex.Pattern[str], int | None]


def _alternation(chosen: list[tuple[str, str]], flags: int) -> _Packaged:
    """``chosen`` as one alternation, group ``r<i>`` for the i-th rule, and without groups:
    regex finds that nothing matches (most lines, most of a text) faster without."""
    named = "|".join(f"(?P<r{i}>{p})" for i, (_, p) in enumerate(chosen))
    bare = "|".join(f"(?:{p})" for _, p in chosen)
    return [r for r, _ in chosen], regex.compile(named, flags), regex.compile(bare, flags)


def _rule_at(packaged: _Packaged, text: str, pos: int = 0) -> str:
    """The rule of the first alternative that matches at ``pos``, where one does (every
    alternative is a group r<i>, so a match always has a last group)."""
    names, named, _ = packaged
    return names[int(cast(str, cast(regex.Match[str], named.match(text, pos)).lastgroup)[1:])]


@lru_cache(maxsize=16)
def _compiled(extra: tuple[tuple[str, str], ...]) -> tuple[_Packaged, _Packaged, list[_UserPattern]]:
    """The packaged patterns as two alternations, anchored at the line start and anywhere
    (scanned over the whole text: $ is a line's end), and the user's patterns one by one:
    those run under a timeout, line by line, so that a bad one is reported instead of
    waited for."""
    anchored = _alternation([(r, p) for r, p in default_patterns() if p.startswith("^")], 0)
    anywhere = _alternation([(r, p) for r, p in default_patterns() if not p.startswith("^")], regex.M)
    users = [(r, check_pattern(r, p, f"boilerplate pattern {i + 1}"), _seen_in(p))
             for i, (r, p) in enumerate(extra)]
    return anchored, anywhere, users


_SEEN = regex.compile(r"\(\?#seen in (\d+) documents\)")


def _seen_in(pattern: str) -> int | None:
    """How many documents a learned template was seen in (its pattern says so)."""
    m = _SEEN.search(pattern)
    return int(m.group(1)) if m else None


# Markup a scraper left behind: tags of HTML (never in a policy text, which writes 《》 for
# titles) and character entities (&nbsp; &ldquo; &#8220;). An HTML comment is no tag.
_TAGS = "p|br|div|span|a|font|strong|b|i|em|u|td|th|tr|table|tbody|thead|li|ul|ol|h[1-6]|img|section|article"
_BLOCK_TAG = regex.compile(r"(?i)</?(?:br|p|div|tr|li|h[1-6]|table|section|article)(?:\s[^<>\n]*)?/?>")
_INLINE_TAG = regex.compile(rf"(?i)</?(?:{_TAGS})(?:\s[^<>\n]*)?/?>")
_ENTITY = regex.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
#: What every tag and entity above opens with: the precheck of the markup pass.
_MAYBE_MARKUP = trigger("<", "&")
_COMMENT_LINE = regex.compile(rf"(?m)^[{HSPACE}]*<!--[^\n]*+")


def _unescape(m: regex.Match[str]) -> str:
    out = html.unescape(m.group())
    # An entity for a control character would bring back what `unicode` removed, and the
    # cleaner never makes a U+FFFD of its own.
    bad = len(out) != 1 or out == "\ufffd" or (ord(out) < 32 and out not in "\t\n") or 0x7F <= ord(out) < 0xA0
    return m.group() if bad else out


def _ends_sentence(body: str) -> bool:
    return body.rstrip("”’）》」』")[-1:] in "。！？；"


_PAUSE = regex.compile(r"[，,。；]")


def reads_as_sentence(body: str) -> bool:
    """A line of running text: it ends a sentence, or it is long, or it is a clause."""
    return _ends_sentence(body) or len(body) > 60 or (len(body) >= 20 and _PAUSE.search(body) is not None)


_HEADING = regex.compile(rf"[{HSPACE}]*(?:{MARKER}|第[一二三四五六七八九十百零〇\d]{{1,4}}[章节条部分编款])")
_TITLE = regex.compile(rf"^关于|(?:{DOCUMENT_GENRES})$")
_SITE_NAME = regex.compile(r"^\p{Han}{2,20}(?:网|网站|门户网站|门户|政府网)$")
# What splits a widget line into its items.
_ITEM_SPLIT = regex.compile(r"[\s|｜>＞»›→·•/:：【】\[\]()（）「」<>]+")
# A line of tool-bar brackets and separators alone (【, 】, |); the brackets that a converter
# breaks out of a footnote reference ([ 1 ]) are the body's.
_ONLY_MARKS = regex.compile(r"^[\s|｜>＞»›→·•:：【】]+$")
# A line that continues a sentence broken by a converter starts with one of these.
_CONTINUATION = "，。、；：）》」』”’,.;:)"


def _segments(token: str, vocabulary: frozenset[str]) -> list[str] | None:
    """``token`` cut into vocabulary items (下载打印 -> 下载, 打印), or None."""
    token = token.lower()
    n = len(token)
    if n > _LONGEST_WIDGET:
        return None
    # best[end]: the cut of token[:end] whose last item starts earliest (the longest last
    # item, up to 12 characters). Walking the reachable starts in order and taking the
    # first start that reaches each end finds the same cuts as trying every start before
    # each end, without trying the starts that no cut reaches.
    best: list[list[str] | None] = [[]] + [None] * n
    for start in range(n):
        cut = best[start]
        if cut is None:
            continue
        for end in range(start + 1, min(n, start + 12) + 1):
            if best[end] is None and token[start:end] in vocabulary:
                best[end] = [*cut, token[start:end]]
    return best[n]


def _widget_words(body: str, vocabulary: frozenset[str]) -> list[str] | None:
    """The vocabulary items of a line made mostly (at least 60 %) of them, else None."""
    tokens = [t for t in _ITEM_SPLIT.split(body) if t]
    if not tokens:
        return None
    words: list[str] = []
    covered = 0
    for t in tokens:
        seg = _segments(t, vocabulary)
        if seg is not None:
            words.extend(seg)
            covered += len(t)
    return words if words and covered >= 0.6 * sum(map(len, tokens)) else None


def _is_junk(m: regex.Match[str]) -> bool:
    """Random ASCII between Han words, and not a name: an identifier (user_id), a standard
    number (ISO_9001), a product or brand name (ABC[1], WeChatPay) or a link stays."""
    run = m.group()
    if regex.search(r"https?|www\.|@", run):
        return False
    rest = _TEXT_IN_RUN.sub(" ", run)
    if len(rest) - rest.count(" ") < 6:  # what is left is too little to be a junk string
        return False
    tokens = rest.split()
    if all(_NAME_TOKEN.fullmatch(t) or _PATH.fullmatch(t) for t in tokens):
        return False
    if _JUNK_MARK.search(rest):
        return True
    return any(_NOISY_TOKEN.search(t) for t in tokens)


class _Line:
    """One non-blank line and what its own features say about it."""

    __slots__ = ("body", "end", "gap", "kind", "rule", "start", "words")

    def __init__(self, start: int, end: int, body: str, kind: str, rule: str = "", words: Sequence[str] = ()):
        self.start, self.end, self.body, self.kind, self.rule, self.words = start, end, body, kind, rule, words
        self.gap = 0  # blank lines before this one


#: What a title holds that a table's cell may not: four Han characters.
_TITLE_WORDS = regex.compile(r"(?:\p{Han}[^\p{Han}]*){4}")
#: A line of underscores alone: a divider on a web page, or on a form the blank to fill in.
_UNDERSCORES = regex.compile(r"[_＿]{3,}")


def _is_data_row(body: str) -> bool:
    """Whether a line reads as a row of a table's cells with a number among them, and no
    label (``2024-03-05 来源：… 阅读 1250 次`` under a menu is the page's metadata)."""
    return bool(is_row(body)) and any(c.isdigit() for c in body) and "：" not in body and ":" not in body


def _is_form_blank(line: _Line, above: _Line) -> bool:
    """Whether a separator line is a form's blank under its label (``申请人签字：`` ⏎
    ``________``): the label's colon asks for what goes on the line, which is no divider."""
    return line.rule == "separator" and above.body[-1:] in "：:" and _UNDERSCORES.fullmatch(line.body) is not None


#: Kinds of line that anchor the body: the page's head ends before the first of them.
_BODY_KINDS = ("sentence", "heading", "markup")


@register
class BoilerplateNormalizer(Normalizer):
    name = "boilerplate"
    summary = "web-page chrome told by place and neighbours, templates, licence notices; metadata lines to metadata"
    defaults = {"patterns": (), "metadata": True, "inline": True, "markup": True,
                "vocabulary": (), "licence": ()}
    option_docs = {
        "patterns": "more line patterns, [rule, regex] pairs (as data/boilerplate.tsv; --boilerplate FILE)",
        "metadata": "move page metadata lines (发布时间, 来源, 索引号 …) out of the text into the metadata",
        "inline": "remove pinyin glosses and anti-scraping junk strings inside running text",
        "markup": "remove HTML tags and entities a scraper left (never on an HTML comment line)",
        "vocabulary": "more user-interface words that make a line weak chrome (as data/boilerplate_vocabulary.txt)",
        "licence": "more licence words for a transcription site's notice at the tail (as data/boilerplate_licence.txt)",
    }
    changes_han = True

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        self.options["patterns"] = tuple(tuple(p) for p in self.options["patterns"])
        self.options["vocabulary"] = tuple(self.options["vocabulary"])
        self.options["licence"] = tuple(self.options["licence"])
        self._rules = _compiled(self.options["patterns"])
        self._vocabulary = default_vocabulary() | {w.lower() for w in self.options["vocabulary"]}
        words, named = default_licence()
        licence = words + tuple(self.options["licence"])
        # A lower-case ASCII word is the whole line (``public domain``); any other is looked
        # for inside it: one set lookup and one search instead of a test per word.
        self._licence_lines_equal = frozenset(w for w in licence if w.isascii() and w.islower())
        inside = sorted({w for w in licence if not (w.isascii() and w.islower())}, key=len, reverse=True)
        self._licence_inside = re.compile("|".join(map(re.escape, inside))) if inside else None
        self._licence_named = named

    # -- one line on its own -------------------------------------------------------------

    def _rule_of(self, body: str, found: str | None, text: str, stray: list[bool]) -> str | None:
        anchored, _, users = self._rules
        rule = found
        if rule is None and anchored[2].match(body) is not None:
            rule = _rule_at(anchored, body)
        if rule is None:
            for name, pattern, _ in users:
                try:
                    m = pattern.search(body, timeout=USER_PATTERN_TIMEOUT)
                except TimeoutError:
                    raise ValueError(
                        f"boilerplate rule {name!r}: its pattern took more than {USER_PATTERN_TIMEOUT} s on a "
                        f"line of {len(body)} characters (catastrophic backtracking): fix or remove it") from None
                if m is not None:
                    rule = name
                    break
        if rule is None:
            return None
        if rule.endswith("_spaced"):
            # Spaced-out words are no menu in a text of stray spaces.
            if not stray:
                stray.append(len(RUNNING_HAN_GAP.findall(text)) >= 3)
            if stray[0]:
                return None
        if rule.endswith("_short") and (len(body) > 60 or _ends_sentence(body)):
            return None  # running text that happens to use a widget's words
        return rule

    def _classify(self, text: str, s: int, e: int, body: str, found: str | None, meta: bool,
                  markdown: bool, stray: list[bool]) -> _Line:
        if meta and (_DATED_KEY.match(body) is None or _DATE_VALUE.search(body) is not None):
            return _Line(s, e, body, "meta")
        if markup_line(body, markdown=markdown):
            return _Line(s, e, body, "markup")
        if len(body) > _LONGEST_BOILERPLATE:
            return _Line(s, e, body, "sentence")
        if _HEADING.match(body):
            return _Line(s, e, body, "heading")
        rule = self._rule_of(body, found, text, stray)
        if rule is not None:
            kind = "block" if rule.endswith("_block") else "strong"
            return _Line(s, e, body, kind, rule)
        if reads_as_sentence(body):
            return _Line(s, e, body, "sentence")
        if len(body) <= _LONGEST_WIDGET:
            words = _widget_words(body, self._vocabulary)
            if words:
                return _Line(s, e, body, "weak", "ui_vocabulary", words)
            if _ONLY_MARKS.match(body):
                return _Line(s, e, body, "weak", "ui_marks")
            if _SITE_NAME.match(body) and not _TITLE.search(body):
                return _Line(s, e, body, "weak", "site_name")
        return _Line(s, e, body, "short")

    def _may_hold_licence(self, text: str) -> bool:
        """Whether some line of ``text`` can be licence text (:meth:`_is_licence`): a line
        that is a licence word is inside the text lower-cased, and a word found in a line is
        found in the text. Most texts hold none, and their tail is not walked."""
        if self._licence_inside is not None and self._licence_inside.search(text) is not None:
            return True
        if not self._licence_lines_equal:
            return False
        lowered = text.lower()
        return any(w in lowered for w in self._licence_lines_equal)

    def _is_licence(self, body: str) -> bool:
        return body.lower() in self._licence_lines_equal or (
            self._licence_inside is not None and self._licence_inside.search(body) is not None)

    # -- the page as a whole -------------------------------------------------------------

    def run(self, text: str, ctx: Context) -> str:
        if self.options["markup"] and _MAYBE_MARKUP(text):
            text = self._tags(text, ctx)
        lines = self._lines(text)
        decided = self._decide(lines, self._may_hold_licence(text))
        edits: list[Edit] = []
        for i, line in enumerate(lines):
            if i in decided:
                rule, reason = decided[i]
                if rule == "metadata":
                    for pair in _META_PAIR.finditer(line.body):
                        ctx.metadata.setdefault(pair.group("key"), pair.group("value"))
                edits.append(Edit(line.start, line.end, "", f"boilerplate.{rule}", reason))
        text = ctx.replace_all(text, edits)
        if self.options["inline"]:
            if _MAYBE_GLOSS(text):
                text = ctx.sub(_GLOSS, "", text, "boilerplate.pinyin_gloss", "pinyin gloss removed")
            if _MAYBE_JUNK.search(text):
                text = ctx.sub(_JUNK, lambda m: "" if _is_junk(m) else m.group(), text,
                               "boilerplate.junk", "anti-scraping junk string removed")
        return text

    @staticmethod
    def _tags(text: str, ctx: Context) -> str:
        """HTML tags and entities a scraper left, except on an HTML comment line (§3a:
        ``<!-- INFO END -->`` is Markdown structure, whatever it holds)."""
        comments = [m.span() for m in _COMMENT_LINE.finditer(text)] if "<!--" in text else []

        def outside(repl: str | Callable[[regex.Match[str]], str]) -> Callable[[regex.Match[str]], str]:
            def sub(m: regex.Match[str]) -> str:
                k = bisect.bisect_right(comments, (m.start(), len(text) + 1)) - 1
                if k >= 0 and comments[k][0] <= m.start() < comments[k][1]:
                    return m.group()
                return repl(m) if callable(repl) else repl
            return sub

        text = ctx.sub(_BLOCK_TAG, outside("\n"), text, "boilerplate.html_tag", "HTML block tag left by a scraper")
        # Block tags became line breaks: find the comment lines again (``outside`` reads them).
        comments = [m.span() for m in _COMMENT_LINE.finditer(text)] if "<!--" in text else []
        text = ctx.sub(_INLINE_TAG, outside(""), text, "boilerplate.html_tag", "HTML tag left by a scraper")
        return ctx.sub(_ENTITY, _unescape, text, "boilerplate.html_entity", "HTML entity left by a scraper")

    def _lines(self, text: str) -> list[_Line]:
        anywhere = self._rules[1]
        # Packaged patterns that may stand anywhere in a line: one scan of the whole text, in
        # order, without groups; the alternation with them, matched where the scan found one
        # (the same alternatives: the same match), names its rule.
        hits = [(m.start(), _rule_at(anywhere, text, m.start())) for m in anywhere[2].finditer(text)]
        meta_lines = {m.start() for m in _META_LINE.finditer(text)} if self.options["metadata"] else set()
        markdown = is_markdown(text)
        stray: list[bool] = []  # decided on first need: is the running text full of stray spaces?
        lines = []
        classify = self._classify
        hit = 0
        pos = 0
        gap = 0
        n = len(text)
        for raw in text.split("\n"):
            s, pos = pos, pos + len(raw) + 1
            found = None
            while hit < len(hits) and hits[hit][0] < pos:
                found = found or hits[hit][1]
                hit += 1
            body = raw.strip(SPACE_CHARS)
            if not body:
                gap += 1
                continue
            line = classify(text, s, pos if pos < n else n, body, found if len(body) <= _LONGEST_BOILERPLATE else None,
                            s in meta_lines, markdown, stray)
            line.gap, gap = gap, 0
            lines.append(line)
        for k in range(len(lines) - 1):
            line, below = lines[k], lines[k + 1]
            if line.rule.endswith("_spaced") and not below.gap and _is_data_row(below.body):
                # Spaced-out words over a row of cells that holds numbers are a table's
                # header (序号 名称 数量 单位 ⏎ 1 办公桌 20 张), not a menu.
                lines[k] = _Line(line.start, line.end, line.body, "short")
                lines[k].gap = line.gap
        return lines

    def _decide(self, lines: list[_Line], licence: bool) -> dict[int, tuple[str, str]]:
        """Which lines go, each with its rule and the evidence that decided it (``licence``:
        whether a line may be licence text at all)."""
        n = len(lines)
        anchors = [i for i, line in enumerate(lines) if line.kind in _BODY_KINDS]
        first, last = (anchors[0], anchors[-1]) if anchors else (n, -1)

        def place(i: int) -> str:
            return "at the page head" if i < first else "at the page tail" if i > last else "between chrome lines"

        def in_zone(i: int) -> bool:
            return bool(anchors) and (i < first or i > last)

        kind: dict[int, str] = {}  # index -> what decided it: strong, site_header, weak, run, licence
        # A line that a pattern names goes at the page's head or tail (§8: chrome is told by
        # its place). Between body lines it goes only beside other chrome, and never when it
        # reads as a sentence: a notice's own 主办单位：… or 审核：… lines, a caption 图：…, a
        # wrapped line that mentions 关闭窗口, a name written 玛丽·居里·斯克沃多夫斯卡 stay.
        inside: list[int] = []
        for i, line in enumerate(lines):
            if line.kind == "strong" and not (i and _is_form_blank(line, lines[i - 1])):
                if not anchors or in_zone(i):
                    kind[i] = "strong"
                elif not reads_as_sentence(line.body):
                    inside.append(i)
        weak = {i for i, line in enumerate(lines) if line.kind == "weak"}
        grew = True
        while inside and grew:  # a run of them goes with the chrome it touches
            near = [i for i in inside if {i - 1, i + 1} & (kind.keys() | weak)]
            grew = bool(near)
            for i in near:
                kind[i] = "strong"
            inside = [i for i in inside if i not in kind]
        # The site's name and menus above the page's first breadcrumb; a document's title
        # there (关于…的通知) is the page's own and stays.
        crumb = next((i for i in range(min(n, _HEADER_LINES)) if kind.get(i) and lines[i].rule == "breadcrumb"), None)
        for i in range(crumb or 0):
            if i not in kind and lines[i].kind in ("short", "weak", "block") and len(lines[i].body) <= 40 \
                    and not _TITLE.search(lines[i].body):
                kind[i] = "site_header"
        chrome = set(kind) | {i for i, line in enumerate(lines) if line.kind == "weak"}
        for i, line in enumerate(lines):
            if line.kind == "weak" and i not in kind:
                beside = (i - 1) in chrome or (i + 1) in chrome
                # One character (中 of 字号 大 中 小) is chrome only beside chrome: alone in
                # the tail it is as likely a table's cell (风险等级 ⏎ 高 ⏎ 3 ⏎ 中 ⏎ 15).
                if beside or (in_zone(i) and line.rule != "site_name"
                              and not (line.rule == "ui_vocabulary" and len(line.body) == 1)):
                    kind[i] = "weak"
        # Runs of short lines (menu items, a date, a lone number) closed by chrome on both
        # sides; the page's top counts as chrome (its bottom does not: a document may end
        # with its issuer and date), and a lone number at the top goes.
        i = 0
        while i < n:
            j = i
            while j < n and j not in kind and self._item(lines[j]) and not (
                    # the line below the breadcrumb is the page's title, however short
                    lines[j].kind == "short" and j and lines[j - 1].rule == "breadcrumb"):
                j += 1
            if j > i:
                numbers = all(lines[k].rule == "counter_block" for k in range(i, j))
                closed = (i == 0 or (i - 1) in kind) and (j in kind or (i == 0 and numbers))
                zone = all(in_zone(k) or lines[k].kind == "block" for k in range(i, j))
                if closed and zone:
                    for k in range(i, j):
                        kind[k] = "run"
                i = j
            else:
                i += 1
        if licence:
            self._licence_tail(lines, kind)
        # A line that a converter broke out of a sentence (the next line goes on with a
        # comma or a full stop) is part of the body, whatever it holds.
        for i in sorted(kind):
            if ((kind[i] in ("weak", "run") or lines[i].rule == "template")
                    and i + 1 < n and i + 1 not in kind and lines[i + 1].body[0] in _CONTINUATION):
                del kind[i]
        # A page's metadata is labels at its head (under the title) or tail. A line that opens
        # with 来源：, 文号：… and reads as a sentence is the document's own (来源：省级专项资金。
        # in a section on funds, a rule for 文号), and so is a label between body lines that
        # stands beside no chrome.
        # A label under a table's rows is the table's note (来源：县统计局), and a key that
        # also labels a line among the body is a field of the document's own list (文号：…
        # under each title listed): neither is the page's.
        # The page's own labels stand together: one followed by another is no table's note.
        # The labels at the page's head, above the body, are the page's whatever the body holds.
        meta = [i for i, line in enumerate(lines) if line.kind == "meta" and not reads_as_sentence(line.body)
                and not (i and is_row(lines[i - 1].body) and not (i + 1 < n and lines[i + 1].kind == "meta"))]
        metadata = {i for i in meta if not anchors or in_zone(i)}
        metadata |= {i for i in meta if i not in metadata and {i - 1, i + 1} & (kind.keys() | metadata)}
        own = {_meta_key(lines[i].body) for i in meta if i not in metadata}
        metadata = {i for i in metadata if (anchors and i < first) or _meta_key(lines[i].body) not in own}
        self._repeated_titles(lines, kind, metadata)
        # The block each removed line stands in, for the reason.
        block: dict[int, int] = {}
        for i in sorted(kind):
            if i - 1 not in kind:  # the block's first line
                j = i + 1
                while j in kind:
                    j += 1
                for k in range(i, j):
                    block[k] = j - i
        out: dict[int, tuple[str, str]] = {}
        for i, how in kind.items():
            line = lines[i]
            where = f"in a block of {block[i]} short lines {place(i)}"
            if how == "strong":
                seen = self._seen(line.rule)
                reason = (f"template seen in {seen} documents" if seen else f"web-page line ({line.rule})")
                if reads_as_sentence(line.body):
                    reason += f", {place(i)}"
                out[i] = (line.rule, reason)
            elif how == "site_header":
                out[i] = ("site_header", "site name or menu above the breadcrumb")
            elif how == "weak" and line.rule == "ui_vocabulary":
                out[i] = (line.rule, f"vocabulary: {'、'.join(dict.fromkeys(line.words))}; {where}")
            elif how == "weak":
                what = "site name" if line.rule == "site_name" else "brackets or separators alone"
                out[i] = (line.rule, f"{what}, {where}")
            elif how == "run":
                rule = line.rule if line.kind == "block" else "chrome_block"
                out[i] = (rule, f"block of {block[i]} short lines {place(i)}")
            elif how == "licence":
                out[i] = ("licence_notice", f"licence notice of a transcription site: block of {block[i]} "
                          "lines at the document's tail")
            else:
                out[i] = ("repeated_title", "title repeated on the next line")
        for i in metadata:
            out[i] = ("metadata", "page metadata moved to metadata")
        return out

    def _seen(self, rule: str) -> int | None:
        return next((seen for name, _, seen in self._rules[2] if name == rule and seen), None)

    @staticmethod
    def _item(line: _Line) -> bool:
        """A line a block of chrome takes with it: a short item that is no title, a date."""
        if line.kind == "block":
            return True
        return line.kind == "short" and len(line.body) <= _LONGEST_ITEM and not _TITLE.search(line.body)

    def _licence_tail(self, lines: list[_Line], kind: dict[int, str]) -> None:
        """A transcription site's notice: the document's last sections (lines between gaps
        of blank lines, leaving out chrome already found below them), each using licence
        vocabulary — or a short section of notes between two of them — naming a licence or
        the public domain somewhere."""
        sections: list[list[int]] = []
        for i, line in enumerate(lines):
            if not sections or line.gap >= 2:
                sections.append([])
            sections[-1].append(i)
        taken: list[int] = []
        pending: list[int] = []
        notes = 0
        for section in reversed(sections):
            # The site's own chrome below the notice (already decided) does not count.
            section = [j for j in section if j not in kind]
            if not section:
                continue
            if any(lines[j].kind in ("markup", "heading", "meta") for j in section):
                break
            if any(self._is_licence(lines[j].body) for j in section):
                tail = self._licence_lines(lines, section)
                taken += pending + tail
                pending, notes = [], 0
                if len(tail) < len(section):
                    break  # the body goes on above the notice
            elif notes < 2 and sum(len(lines[j].body) for j in section) <= 300:
                pending += section  # a note of the notice, if licence text comes above it
                notes += 1
            else:
                break
        if taken and any(w in "".join(lines[j].body for j in taken) for w in self._licence_named):
            for j in taken:
                kind[j] = "licence"

    def _licence_lines(self, lines: list[_Line], section: list[int]) -> list[int]:
        """The end of ``section`` that is licence text: walking up from its last line over
        licence lines and the fragments a converter broke out of them, up to the first
        licence line."""
        block: list[int] = []
        for j in reversed(section):
            body = lines[j].body
            if not (self._is_licence(body) or len(body) <= 25 or body[0] in _CONTINUATION):
                break
            block.append(j)
        block.reverse()
        start = next((k for k, j in enumerate(block) if self._is_licence(lines[j].body)), len(block))
        return block[start:]

    @staticmethod
    def _repeated_titles(lines: list[_Line], kind: dict[int, str], metadata: set[int]) -> None:
        """A title repeated on the next line keeps one copy (removed lines between the two
        copies do not count; a copy that went as a site header leaves its repeat alone). A
        Markup line stays, so it separates two copies: they are not on consecutive lines. A
        title has words (four Han characters at least): equal cells of a table flattened to
        lines (``100%`` ⏎ ``100%``, ``合格`` ⏎ ``合格``) are values, each in its column; and it
        ends no sentence (a sentence said twice is the text's own)."""
        prev: str | None = None
        for i, line in enumerate(lines):
            if line.kind == "markup":
                prev = None
                continue
            if i in kind or i in metadata:
                continue
            body = line.body
            key = _SPACES.sub("", body) if len(body) <= 2 * _LONGEST_TITLE and ANY_SPACE.search(body) else body
            if key == prev and len(key) <= _LONGEST_TITLE and _TITLE_WORDS.search(key) and not _ends_sentence(key):
                kind[i] = "repeated"
                continue
            prev = key


def patterns(extra: Sequence[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """Every line pattern in force (packaged plus ``extra``)."""
    return list(default_patterns()) + list(extra)


from .boilerplate_learn import learn, save_patterns  # noqa: E402  (learn uses the classes above)
