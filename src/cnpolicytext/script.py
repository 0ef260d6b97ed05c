"""`script`: Traditional/Simplified conversion (CONVENTIONS §2).

The converter reads the dictionaries that ``opencc-python-reimplemented`` ships and gives
exactly its output, much faster: characters go through ``str.translate``, and only the
stretches between separators that contain a multi-character dictionary key are segmented
phrase by phrase (longest key first, leftmost first, as the reference does).

Paragraphs already in the target script pass through untouched: a paragraph converts only
when it holds a character that exists only in the source script. This keeps names such
as 乾县 and 昇腾 in Simplified text, which ``t2s`` would otherwise rewrite.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from importlib import resources
from typing import Iterator

import regex

from .core import Context, Edit, Normalizer, register, segments_to_edits

TARGETS = {"zh-Hans": "t2s", "zh-CN": "t2s", "zh-Hant": "s2t", "zh-TW": "s2twp", "zh-HK": "s2hk"}

# The separators at which the reference splits text before converting (no dictionary key
# contains one of them).
_SEPARATORS = ("-,.?!*　，。、；：？！…“”‘’『』「」﹁﹂—－（）《》〈〉～．／＼︒︑︔︓︿﹀︹︺︙︐［﹇］﹈︕︖︰︳︴"
               "︽︾︵︶｛︷｝︸﹃﹄【︻】︼")
_SEGMENT = re.compile(r"(?:[^\s" + re.escape(_SEPARATORS) + r"])+")

Dict = tuple[int, int, dict[str, str]]


def _opencc_dir() -> str:
    import opencc

    return os.path.dirname(opencc.__file__)


@lru_cache(maxsize=None)
def _load_dict(filename: str) -> Dict:
    mapping: dict[str, str] = {}
    with open(os.path.join(_opencc_dir(), "dictionary", filename), encoding="utf-8") as f:
        for line in f:
            key, value = line.strip().split("\t")
            mapping[key] = value.split(" ")[0]
    lengths = [len(k) for k in mapping] or [1]
    return max(max(lengths), 1), min(lengths), mapping


def _chain(config: str) -> list[list[Dict]]:
    with open(os.path.join(_opencc_dir(), "config", f"{config}.json"), encoding="utf-8") as f:
        spec = json.load(f)
    chain = []
    for item in spec["conversion_chain"]:
        d = item["dict"]
        files = [x["file"] for x in d["dicts"]] if d.get("type") == "group" else [d["file"]]
        chain.append([_load_dict(name) for name in files])
    return chain


def _split(text: str, d: Dict) -> Iterator[tuple[str, bool]]:
    """Longest key first, leftmost first, then the pieces on either side (as the reference)."""
    maxlen, minlen, mapping = d
    n = len(text)
    length = min(n, maxlen)
    while length >= minlen:
        for i in range(n - length + 1):
            value = mapping.get(text[i:i + length])
            if value is not None:
                yield from _split(text[:i], d)
                yield value, True
                yield from _split(text[i + length:], d)
                return
        length -= 1
    if text:
        yield text, False


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
        self.finder: "re.Pattern[str] | None" = None
        self.prefixes: frozenset[str] = frozenset()
        if 0 < len(phrases) <= 5000:
            self.finder = re.compile("|".join(map(re.escape, phrases)))
        elif phrases:
            self.prefixes = frozenset(k[:2] for k in phrases)
        self.chars = regex.compile("[" + regex.escape("".join(chr(c) for c in table)) + "]+") if table else None

    def segment(self, text: str) -> str:
        pieces = [(text, False)]
        for d in self.dicts:
            pieces = [p for text_, done in pieces
                      for p in ([(text_, True)] if done else _split(text_, d))]
        return "".join(p for p, _ in pieces)

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
        edits: list[Edit] = []
        pos = 0
        for s, e in self.phrase_segments(text) + [(len(text), len(text))]:
            if self.chars is not None:
                for m in self.chars.finditer(text, pos, s):
                    new = m.group().translate(self.table)
                    if new != m.group():
                        edits.append(Edit(m.start(), m.end(), new, rule, "converted character by character"))
            new = self.segment(text[s:e])
            if new != text[s:e]:
                edits.append(Edit(s, e, new, rule, "converted phrase by phrase"))
            pos = e
        return ctx.replace_all(text, edits)


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
        ctx = Context(track=True)
        for stage in self.stages:
            text = stage.convert_tracked(text, ctx, "script." + self.config)
        return text, segments_to_edits(ctx.alignment, text)

    __call__ = convert


@lru_cache(maxsize=None)
def converter(config: str) -> Converter:
    """The converter for an OpenCC configuration name (built once, on first use)."""
    return Converter(config)


@lru_cache(maxsize=1)
def _kept_in_simplified() -> frozenset[str]:
    text = resources.files("cnpolicytext.data").joinpath("simplified_keep.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=None)
def source_only_chars(config: str) -> frozenset[str]:
    """Characters that exist only in the script ``config`` converts from."""
    if config.startswith("t"):
        src, other = _load_dict("TSCharacters.txt")[2], _load_dict("STCharacters.txt")[2]
        keep = _kept_in_simplified()
    else:
        src, other = _load_dict("STCharacters.txt")[2], _load_dict("TSCharacters.txt")[2]
        keep = frozenset()
    return frozenset(k for k, v in src.items() if v != k and k not in other and k not in keep)


def source_lines(text: str, config: str) -> Iterator[tuple[int, int]]:
    """Spans of the lines (paragraphs) that hold a source-only character.

    ``frozenset.isdisjoint`` walks a string in C: one fast pass, no phrase matching.
    """
    chars = source_only_chars(config)
    if chars.isdisjoint(text):
        return
    pos = 0
    for line in text.split("\n"):
        if not chars.isdisjoint(line):
            yield pos, pos + len(line)
        pos += len(line) + 1


def detect_script(text: str) -> str:
    """'Traditional', 'Simplified', 'mixed' or 'none' (no Han text), judged line by line."""
    if not regex.search(r"\p{Han}", text):
        return "none"
    trad = sum(1 for _ in source_lines(text, "t2s"))
    if not trad:
        return "Simplified"
    lines = sum(1 for line in text.split("\n") if regex.search(r"\p{Han}", line))
    if trad * 10 >= lines * 9:
        return "Traditional"
    return "mixed"


@register
class ScriptNormalizer(Normalizer):
    name = "script"
    summary = "Traditional/Simplified conversion (OpenCC dictionaries), paragraphs already in the target left alone"
    defaults = {"target": "zh-Hans"}
    changes_han = True

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        target = self.options["target"]
        if target != "keep" and target not in TARGETS:
            raise ValueError(f"script: unknown target {target!r}; choose one of {sorted(TARGETS) + ['keep']}")

    def run(self, text: str, ctx: Context) -> str:
        target = self.options["target"]
        if target == "keep":
            return text
        config = TARGETS[target]
        # No later step adds a Han character (they only remove some or turn numerals into
        # digits), so once a round leaves no source-only character, later rounds find none.
        if self.name in ctx.settled:
            return text
        if ctx.track:
            ctx.notes.setdefault("script", detect_script(text))  # the input's script, not a later round's
        spans = list(source_lines(text, config))
        if not spans:
            ctx.settled.add(self.name)
            return text
        conv = converter(config)
        converted = [conv.convert_tracked(text[start:end]) if ctx.track else (conv.convert(text[start:end]), [])
                     for start, end in spans]
        if source_only_chars(config).isdisjoint("".join(line for line, _ in converted)):
            ctx.settled.add(self.name)
        if not ctx.track:
            out, pos = [], 0
            for (start, end), (line, _) in zip(spans, converted):
                out.append(text[pos:start])
                out.append(line)
                pos = end
            out.append(text[pos:])
            return "".join(out)
        edits = [Edit(e.start + start, e.end + start, e.replacement, e.rule, e.reason)
                 for (start, _), (_, line_edits) in zip(spans, converted) for e in line_edits]
        return ctx.replace_all(text, edits)
