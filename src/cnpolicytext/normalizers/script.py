"""`script`: Traditional/Simplified conversion (CONVENTIONS §2).

The converter reads the dictionaries that ``opencc-python-reimplemented`` ships and gives
exactly its output, much faster: characters go through ``str.translate``, and only the
stretches between separators that contain a multi-character dictionary key are segmented
phrase by phrase (longest key first, leftmost first, as the reference does).

Whether a paragraph is in the source script is decided from evidence, never from one
character (:func:`source_lines`): the share of its characters that only the source script
uses, where for Traditional that means characters outside the 通用规范汉字表 (2013), the
8,105 characters Simplified writing uses (``data/tgh_2013.txt``). A paragraph in the target
script passes through untouched, names and rare words included (乾县, 昇腾, 濛溪河, 二噁英,
which ``t2s`` would rewrite); a paragraph in the source script converts whole, exactly as
the reference converts it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache, lru_cache

from ..core import Context, Edit, Normalizer, apply_edits, register, segments_to_edits
from ..data import packaged, packaged_text, words

TARGETS = {"zh-Hans": "t2s", "zh-CN": "t2s", "zh-Hant": "s2t", "zh-TW": "s2twp", "zh-HK": "s2hk"}

# The separators at which the reference splits text before converting (no dictionary key
# contains one of them).
_SEPARATORS = ("-,.?!*　，。、；：？！…“”‘’『』「」﹁﹂—－（）《》〈〉～．／＼︒︑︔︓︿﹀︹︺︙︐［﹇］﹈︕︖︰︳︴"
               "︽︾︵︶｛︷｝︸﹃﹄【︻】︼")
_SEGMENT = re.compile(r"(?:[^\s" + re.escape(_SEPARATORS) + r"])+")

Dict = tuple[int, int, dict[str, str]]


def _opencc_file(*parts: str) -> str:
    """The text of one of OpenCC's files, shipped in ``data/opencc`` (see its NOTICE.txt), in
    OpenCC's own format: read from the package itself, never from whatever module named
    ``opencc`` is installed (the official binding and opencc-python-reimplemented both take
    that name)."""
    return packaged_text("opencc", *parts)


@cache
def _load_dict(filename: str) -> Dict:
    mapping: dict[str, str] = {}
    for line in _opencc_file("dictionary", filename).split("\n"):
        if line.strip():
            key, value = line.strip().split("\t")
            mapping[key] = value.split(" ")[0]
    lengths = [len(k) for k in mapping] or [1]
    return max(max(lengths), 1), min(lengths), mapping


def _chain(config: str) -> list[list[Dict]]:
    spec = json.loads(_opencc_file("config", f"{config}.json"))
    chain = []
    for item in spec["conversion_chain"]:
        d = item["dict"]
        files = [x["file"] for x in d["dicts"]] if d.get("type") == "group" else [d["file"]]
        chain.append([_load_dict(name) for name in files])
    return chain


def _index(mapping: dict[str, str]) -> tuple[dict[str, tuple[int, ...]], re.Pattern[str] | None]:
    """For one dictionary: the key lengths under each two-character prefix (longest first),
    and a class matching its one-character keys."""
    by_prefix: dict[str, set[int]] = {}
    singles = []
    for key in mapping:
        if len(key) == 1:
            singles.append(key)
        else:
            by_prefix.setdefault(key[:2], set()).add(len(key))
    lengths = {p: tuple(sorted(ls, reverse=True)) for p, ls in by_prefix.items()}
    single = re.compile("[" + "".join(map(re.escape, sorted(singles))) + "]") if singles else None
    return lengths, single


_INDEX: dict[int, tuple[dict[str, tuple[int, ...]], re.Pattern[str] | None]] = {}


def _segment(text: str, dicts: list[Dict]) -> str:
    """Convert ``text`` with a group of dictionaries exactly as the reference does, in linear time.

    The reference takes the longest key anywhere in the string (the leftmost of equal
    length), converts it, and recurses into the pieces on either side; a group's next
    dictionary sees only the pieces no earlier one matched. That choice is the same as
    taking every key occurrence in the order (length descending, start ascending) and
    keeping each that overlaps none kept before: an occurrence that crosses a kept one is
    exactly one the recursion never sees. Occurrences are found through a two-character
    prefix index, so a stretch of any length costs one pass per dictionary — no recursion
    (a long run of phrases such as 鍊鎖鍊鎖… overflowed the stack) and no rescans.
    """
    n = len(text)
    taken = bytearray(n)
    chosen: list[tuple[int, int, str]] = []
    for d in dicts:
        mapping = d[2]
        index = _INDEX.get(id(mapping))
        if index is None:
            index = _INDEX[id(mapping)] = _index(mapping)
        by_prefix, single = index
        found: dict[int, list[int]] = {}
        if by_prefix:
            get = by_prefix.get
            for i in range(n - 1):
                lengths = get(text[i:i + 2])
                if lengths:
                    for length in lengths:
                        if i + length <= n and text[i:i + length] in mapping:
                            found.setdefault(length, []).append(i)
        for length in sorted(found, reverse=True):
            for i in found[length]:
                if taken.find(1, i, i + length) < 0:
                    taken[i:i + length] = b"\x01" * length
                    chosen.append((i, i + length, mapping[text[i:i + length]]))
        if single is not None:
            for m in single.finditer(text):
                i = m.start()
                if not taken[i]:
                    taken[i] = 1
                    chosen.append((i, i + 1, mapping[m.group()]))
    chosen.sort()
    out: list[str] = []
    pos = 0
    for s, e, value in chosen:
        out.append(text[pos:s])
        out.append(value)
        pos = e
    out.append(text[pos:])
    return "".join(out)


#: A run of characters a stage's table maps, in the mask of :attr:`_Stage.marks`.
_MAPPED_RUN = re.compile("\x01+")


class _Stage:
    """One element of a conversion chain: a group of dictionaries tried in order."""

    def __init__(self, dicts: list[Dict]) -> None:
        self.dicts = dicts
        table: dict[int, str] = {}
        for _, _, mapping in reversed(dicts):
            table.update({ord(k): v for k, v in mapping.items() if len(k) == 1})
        # str.translate looks a dict up with an exception per unmapped character; a tuple
        # indexed by code point (identity where nothing maps) is over twice as fast.
        size = max(table, default=0) + 1
        dense: list[int | str] = list(range(size))
        for code, value in table.items():
            dense[code] = ord(value) if len(value) == 1 else value
        self.table = tuple(dense)
        # Only phrases whose conversion differs from the character-by-character one force a
        # stretch through segmentation (which then uses every phrase, as the reference does).
        phrases = sorted({k for _, _, m in dicts for k in m
                          if len(k) > 1 and self.segment(k) != k.translate(table)}, key=len, reverse=True)
        # Finding the stretches that need phrase segmentation: a compiled alternation for a
        # small phrase list (t2s); a set of two-character prefixes for a large one (s2t).
        self.finder: re.Pattern[str] | None = None
        self.prefixes: frozenset[str] = frozenset()
        if 0 < len(phrases) <= 5000:
            self.finder = re.compile("|".join(map(re.escape, phrases)))
        elif phrases:
            self.prefixes = frozenset(k[:2] for k in phrases)
        # Which characters the table maps, as a translation: each becomes "\x01" and every
        # other one below the table's end "\x00" (one past its end is left as it is, and is
        # no "\x01"). Tracked conversion finds the runs of mapped characters in that mask:
        # a pattern of thousands of characters scans several times slower, and compiling it
        # took longer than the rest of the stage.
        marks = [0] * size
        for code in table:
            marks[code] = 1
        self.marks: tuple[int, ...] | None = tuple(marks) if table else None

    def segment(self, text: str) -> str:
        return _segment(text, self.dicts)

    def phrase_segments(self, text: str) -> list[tuple[int, int]]:
        """Spans of the separator-bounded stretches that hold a multi-character key."""
        spans: list[tuple[int, int]] = []
        if self.finder is not None:
            for m in self.finder.finditer(text):
                if spans and m.start() < spans[-1][1]:
                    continue
                found = _SEGMENT.match(text, _segment_start(text, m.start()))
                assert found is not None  # a phrase key holds no separator
                spans.append(found.span())
        elif self.prefixes:
            prefixes = self.prefixes
            for m in _SEGMENT.finditer(text):
                stretch = m.group()
                if any(stretch[i:i + 2] in prefixes for i in range(len(stretch) - 1)):
                    spans.append(m.span())
        return spans

    def convert(self, text: str) -> str:
        out: list[str] = []
        pos = 0
        for s, e in self.phrase_segments(text):
            out.append(text[pos:s].translate(self.table))
            out.append(self.segment(text[s:e]))
            pos = e
        out.append(text[pos:].translate(self.table))
        return "".join(out)

    def convert_tracked(self, text: str, ctx: Context, rule: str) -> str:
        return ctx.replace_all(text, self.edits(text, rule))

    def edits(self, text: str, rule: str, shift: int = 0) -> list[Edit]:
        """The edits :meth:`convert` makes, in ``text``'s offsets plus ``shift`` (sorted,
        disjoint): a line's edits come in the offsets of the text that holds it."""
        edits: list[Edit] = []
        pos = 0
        mask = text.translate(self.marks) if self.marks is not None else ""
        for s, e in [*self.phrase_segments(text), (len(text), len(text))]:
            for m in _MAPPED_RUN.finditer(mask, pos, s):
                a, b = m.span()
                old = text[a:b]
                new = old.translate(self.table)
                if new != old:
                    edits.append(Edit(a + shift, b + shift, new, rule, "converted character by character"))
            new = self.segment(text[s:e])
            if new != text[s:e]:
                edits.append(Edit(s + shift, e + shift, new, rule, "converted phrase by phrase"))
            pos = e
        return edits


_LAST_SEPARATOR = re.compile(r"[\s" + re.escape(_SEPARATORS) + r"](?=[^\s" + re.escape(_SEPARATORS) + r"]*\Z)")


def _segment_start(text: str, i: int) -> int:
    """Start of the separator-bounded stretch that holds offset ``i``."""
    window = 256
    while True:
        lo = max(0, i - window)
        m = _LAST_SEPARATOR.search(text, lo, i)
        if m is not None:
            return m.end()
        if lo == 0:
            return 0
        window *= 4


class Converter:
    """Exact, fast equivalent of ``opencc.OpenCC(config).convert``."""

    def __init__(self, config: str) -> None:
        self.config = config
        self.stages = [_Stage(dicts) for dicts in _chain(config)]

    def convert(self, text: str) -> str:
        for stage in self.stages:
            text = stage.convert(text)
        return text

    def convert_tracked(self, text: str) -> tuple[str, list[Edit]]:
        """Convert and return the edits made, in ``text``'s offsets."""
        if len(self.stages) == 1:  # one stage's edits are the answer: nothing to compose
            edits = self.stages[0].edits(text, "script." + self.config)
            return apply_edits(text, edits), edits
        ctx = Context(track=True)
        for stage in self.stages:
            text = stage.convert_tracked(text, ctx, "script." + self.config)
        return text, segments_to_edits(ctx.alignment, text)

    def edits(self, line: str, shift: int) -> list[Edit]:
        """The edits of :meth:`convert_tracked` alone, in the offsets of a text that holds
        ``line`` at ``shift`` (one stage: without building the converted line)."""
        if len(self.stages) == 1:
            return self.stages[0].edits(line, "script." + self.config, shift)
        return [Edit(e.start + shift, e.end + shift, e.replacement, e.rule, e.reason)
                for e in self.convert_tracked(line)[1]]

    __call__ = convert


@cache
def converter(config: str) -> Converter:
    """The converter for an OpenCC configuration name (built once, on first use)."""
    return Converter(config)


@lru_cache(maxsize=1)
def simplified_chars() -> frozenset[str]:
    """The 8,105 characters of the 通用规范汉字表 (2013): what Simplified writing uses.

    Read from ``data/tgh_2013.txt``, extracted from the Unihan database's ``kTGH`` field.
    """
    return frozenset("".join(words(packaged("tgh_2013.txt"))))


@cache
def source_only_chars(config: str) -> frozenset[str]:
    """Characters that only the script ``config`` converts from uses: the evidence of that script.

    Converting to Simplified, a character is evidence of Traditional writing when ``t2s``
    maps it and the 通用规范汉字表 does not hold it: 為, 與, 們 are; 乾, 昇, 於 are not
    (Simplified writing uses them too), and a character absent from both (濛, 噁) is
    evidence only together with others. Converting to Traditional, there is no such
    table in the dictionaries: a character is evidence of Simplified writing when ``s2t``
    maps it and ``t2s`` has no entry for it (发, 们, 为).
    """
    if config.startswith("t"):
        keep = simplified_chars()
        return frozenset(k for k, v in _load_dict("TSCharacters.txt")[2].items() if v != k and k not in keep)
    src, other = _load_dict("STCharacters.txt")[2], _load_dict("TSCharacters.txt")[2]
    return frozenset(k for k, v in src.items() if v != k and k not in other)


#: For each conversion, the one whose source-only characters are its target-only ones.
_REVERSE = {config: "s2t" if config.startswith("t") else "t2s" for config in TARGETS.values()}

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
#: Runs of Han characters: removed from a whole text in one pass, they leave each line's
#: other characters, so a line's Han count is what its length lost.
_HAN_RUN = re.compile(_HAN.pattern + "+")

#: Share of a paragraph's Han characters that must be evidence of the source script. About
#: 30% of the characters of running Traditional text differ from their Simplified forms
#: (measured on Traditional work reports); a tenth is a third of that density, and far above
#: what a Simplified paragraph holds by naming a few rare places or compounds.
SHARE = 0.1
#: Distinct evidence characters a paragraph needs: never one character, however often
#: repeated. Characters outside the table that Simplified writing still meets in names and
#: compounds (濛溪河, 二噁英) come in ones and twos.
DISTINCT = 3
#: Distinct evidence characters that make a paragraph one in the source script however long
#: it is: a transcription that mixes the scripts (…第四次会議…毛澤东…問題…方針…檢查…) holds
#: them at less than the share above, and no paragraph of Simplified text names six
#: different characters that Simplified writing never uses. Judged per paragraph only: over
#: a whole document, six could be names far apart.
MIXED = 6
#: A paragraph with fewer Han characters than this and too little evidence of its own is
#: judged with its block (the lines between blank lines), and a short block with the document.
SHORT = 20
#: ... unless it holds no evidence at all in at least this many Han characters: with about
#: 30% of Traditional characters differing, eight in a row that all agree with Simplified
#: happen in one Traditional line in twenty, so such a line speaks for itself.
QUIET = 8


#: Titles and names in quotation marks. A Simplified paragraph may quote a Traditional title
#: or name (收藏《國語日報》, 香港“某某書院”): when the evidence of a line lies only inside
#: such quotes, the quotes are the source script and the rest of the line is judged without
#: them.
_QUOTED = re.compile(r"《[^《》\n]*》|“[^“”\n]*”|「[^「」\n]*」|『[^『』\n]*』")
#: Han characters outside the quotes that make the rest of a line worth judging apart.
OUTSIDE = 4


class _Tally:
    """Han characters, evidence characters and the distinct evidence of a stretch of text."""

    __slots__ = ("han", "hits", "kinds")

    def __init__(self, han: int = 0, hits: int = 0, kinds: frozenset[str] = frozenset()) -> None:
        self.han, self.hits, self.kinds = han, hits, set(kinds)

    def add(self, other: _Tally) -> None:
        self.han += other.han
        self.hits += other.hits
        self.kinds |= other.kinds

    def dense(self) -> bool:
        return self.hits >= SHARE * self.han > 0

    def source(self) -> bool:
        """Whether this stretch is written in the source script, on its own evidence."""
        return len(self.kinds) >= DISTINCT and self.dense()

    def verdict(self) -> bool | None:
        """In the source script (True), in the target script (False), or cannot tell (None):
        dense evidence of too few characters, or a short stretch that is not quiet."""
        if self.source():
            return True
        if self.dense() or (self.han < SHORT and (self.hits or self.han < QUIET)):
            return None
        return False


def source_lines(text: str, config: str) -> Iterator[tuple[int, int]]:
    """Spans of the lines (paragraphs) written in the script ``config`` converts from."""
    yield from _source_spans(text, config) or ()


def _source_spans(text: str, config: str) -> list[tuple[int, int]] | None:
    """The spans of :func:`source_lines`, or None when the text holds no evidence at all.

    A line is judged on its own evidence (:class:`_Tally`). A line that cannot tell — a short
    one, or one whose evidence is dense but of fewer than :data:`DISTINCT` characters —
    follows its block, and a short block follows the document; a line of :data:`QUIET` Han
    characters or more without any evidence is in the target script. A document that
    cannot tell either is in the source script only if no character in it is of the
    target. A line whose evidence falls short stays as written, so a Simplified paragraph
    keeps every character — 乾县, 昇腾, 濛溪河, 二噁英. A line whose evidence lies in quoted
    titles or names (:data:`_QUOTED`) is judged by the rest of it; where that rest is in the
    target script, only the quotes convert. Text with no evidence at all is
    rejected in one fast pass (``frozenset.isdisjoint`` walks the string in C).
    """
    evidence = source_only_chars(config)
    if evidence.isdisjoint(text):
        return None
    # start, end, tally (of the rest, for a line judged apart from its quotes), block
    # number, and the quotes to convert if the rest is in the target script
    lines: list[tuple[int, int, _Tally, int, list[tuple[int, int]]]] = []
    blocks: list[_Tally] = [_Tally()]
    quoting: set[int] = set()  # the blocks with a line whose quotes hold evidence
    document = _Tally()
    pos = 0
    # One removal over the whole text, not one per line: no Han character is a line break,
    # so the remainder splits into the same lines.
    for line, rest in zip(text.split("\n"), _HAN_RUN.sub("", text).split("\n"), strict=True):
        end = pos + len(line)
        han = len(line) - len(rest)
        if han:
            # A character class of four thousand characters is slow in ``re``; a set is not.
            hits = () if evidence.isdisjoint(line) else [c for c in line if c in evidence]
            tally = _Tally(han, len(hits), frozenset(hits))
            quotes, outside = _quoted_evidence(line, pos, tally, evidence, config) if hits else ([], tally)
            lines.append((pos, end, outside, len(blocks) - 1, quotes))
            # The block and the document weigh what lies outside such quotes: a quoted
            # title makes neither its own line, nor its neighbours (乾县收藏《國語日報》⏎
            # 濛阳镇…), nor a Simplified document Traditional. So for a line that is not in
            # the source script by its own evidence: its quotes' evidence counts for nothing.
            weight = outside
            if hits and not quotes and not tally.source() and len(tally.kinds) < MIXED and _QUOTED.search(line):
                weight = _unquoted(line, evidence)
            blocks[-1].add(weight)
            document.add(weight)
            if hits and _quoted_hits(line, evidence):
                quoting.add(len(blocks) - 1)
        elif not line.strip() and blocks[-1].han:
            blocks.append(_Tally())
        pos = end + 1
    # The document, for what neither a line nor its block can tell. Short of enough evidence
    # of its own, a document without any character of the target script (发布 has 布 only, no
    # 发) is in the source script: nothing in it speaks for the target.
    target = source_only_chars(_REVERSE[config])
    whole = document.source() or (document.verdict() is None and target.isdisjoint(text))
    spans = []
    for start, end, tally, block_no, quotes in lines:
        verdict = True if len(tally.kinds) >= MIXED else tally.verdict()
        if verdict is None and block_no in quoting and len(target.intersection(text[start:end])) >= DISTINCT:
            # In a block that quotes titles in the source script, a line that cannot tell by
            # its evidence but writes three characters or more that only the target script
            # has (…收藏《國語日報》⏎ 乾县濛溪河…综合治理…已经: 县, 综, 经) is in the target
            # script: the quotes' evidence is no evidence of its own.
            verdict = False
        if verdict is None:
            verdict = blocks[block_no].verdict()
        if verdict or (verdict is None and whole):
            spans.append((start, end))
        elif quotes:  # the rest of the line is in the target script: only the quotes convert
            spans.extend(quotes)
    return spans


def _quoted_hits(line: str, evidence: frozenset[str]) -> bool:
    """Whether a quote of the line (:data:`_QUOTED`) holds evidence."""
    return any(not evidence.isdisjoint(m.group()) for m in _QUOTED.finditer(line))


def _unquoted(line: str, evidence: frozenset[str]) -> _Tally:
    """The tally of a line without its quotes (:data:`_QUOTED`)."""
    rest = _QUOTED.sub("", line)
    hits = [c for c in rest if c in evidence]
    return _Tally(sum(map(len, _HAN_RUN.findall(rest))), len(hits), frozenset(hits))


def _quoted_evidence(line: str, pos: int, tally: _Tally, evidence: frozenset[str],
                     config: str) -> tuple[list[tuple[int, int]], _Tally]:
    """For a line in the source script by its own evidence, the quotes that hold evidence
    (as spans of the text) and the tally of the rest of the line, when the quotes are in
    the source script by their own evidence and the rest has :data:`OUTSIDE` Han characters
    or more, is not, and holds a character that only the target script writes (乾县收藏
    《國語日報》: 县; 严格控制…《…》濛溪河: 严); otherwise no quotes and the line's whole
    tally. A rest of characters that both scripts write (本府於今年三月公布…, 本府於…公布實施
    《臺灣地區…條例》) shows nothing of the target script: the line is judged whole, and so
    are its block and the document."""
    if not tally.source() and len(tally.kinds) < MIXED:
        return [], tally
    quotes = [m.span() for m in _QUOTED.finditer(line)]
    if not quotes:
        return [], tally
    quoted = "".join(line[a:b] for a, b in quotes)
    quoted_han = len(quoted) - len(_HAN_RUN.sub("", quoted))
    quoted_hits = [c for c in quoted if c in evidence]
    outside = _QUOTED.sub("", line)
    rest = _unquoted(line, evidence)
    if (rest.han < OUTSIDE or rest.source() or len(rest.kinds) >= MIXED
            or source_only_chars(_REVERSE[config]).isdisjoint(outside)
            or not _Tally(quoted_han, len(quoted_hits), frozenset(quoted_hits)).source()):
        return [], tally
    spans = [(pos + a, pos + b) for a, b in quotes if not evidence.isdisjoint(line[a:b])]
    return spans, rest


def detect_script(text: str, traditional: list[tuple[int, int]] | None = None) -> str:
    """'Traditional', 'Simplified', 'mixed' or 'none' (no Han text), judged line by line
    (``traditional``: the spans of the Traditional lines, when already found)."""
    lines = sum(1 for line in text.split("\n") if _HAN.search(line))
    if not lines:
        return "none"
    trad = len(traditional) if traditional is not None else sum(1 for _ in source_lines(text, "t2s"))
    if not trad:
        return "Simplified"
    if trad * 10 >= lines * 9:
        return "Traditional"
    return "mixed"


@register
class ScriptNormalizer(Normalizer):
    name = "script"
    idempotent = True  # tests/test_rounds.py checks it
    summary = "Traditional/Simplified conversion (OpenCC dictionaries), paragraphs already in the target left alone"
    defaults = {"target": "zh-Hans"}
    option_docs = {"target": "the script to convert to: zh-Hans (zh-CN), zh-Hant, zh-TW, zh-HK, or keep"}
    changes_han = True

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        target = self.options["target"]
        if target != "keep" and target not in TARGETS:
            raise ValueError(f"script: unknown target {target!r}; choose one of {[*sorted(TARGETS), 'keep']}")

    def run(self, text: str, ctx: Context) -> str:
        target = self.options["target"]
        if target == "keep":
            return text
        config = TARGETS[target]
        # No later step adds a Han character (they only remove some or turn numerals into
        # digits), so once a round leaves no evidence of the source script, later rounds find
        # none. While some is left (in a paragraph judged to be in the target script), a later
        # round judges again: a join may have made two short lines one paragraph.
        if self.name in ctx.settled:
            return text
        evidence = source_only_chars(config)
        spans = _source_spans(text, config)
        if ctx.track and "script" not in ctx.notes:  # the input's script, not a later round's
            ctx.notes["script"] = detect_script(text, (spans or []) if config == "t2s" else None)
        if not spans:
            if spans is None:  # no evidence at all
                ctx.settled.add(self.name)
            return text
        conv = converter(config)
        if not ctx.track:
            out, pos = [], 0
            for start, end in spans:
                out.append(text[pos:start])
                out.append(conv.convert(text[start:end]))
                pos = end
            out.append(text[pos:])
            result = "".join(out)
            if evidence.isdisjoint(result):
                ctx.settled.add(self.name)
            return result
        edits = [e for start, end in spans for e in conv.edits(text[start:end], start)]
        result = ctx.replace_all(text, edits)
        if evidence.isdisjoint(result):
            ctx.settled.add(self.name)
        return result
