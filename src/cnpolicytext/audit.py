"""What cleaning did to a corpus, before a user trusts it: ``cnpolicytext audit``.

A user who cleans millions of documents cannot read them. The audit runs the pipeline over a
corpus and accounts, rule by rule, for what it changed:

* how many edits each rule made and in how many documents;
* which characters it removed and which it added, by class (Han, digits, Latin,
  punctuation, whitespace, other): content-loss accounting. Within one edit, a character
  that the replacement writes back (the content of a bracket pair ``(一)`` → ``（一）``)
  is neither removed nor added;
* how many line breaks it removed and added, and what that did to the lines: joined (two
  lines became one), split (one became two), deleted (a line's whole content went), blank
  lines removed;
* the documents that are not idempotent (``clean(clean(x)) != clean(x)``);
* a seeded sample of edits per rule, each with its context in the raw and the clean text.

Attribution is per pass, not per final segment. :attr:`CleanResult.edits` merges edits that
touch one another into one segment (its rule reads ``"a+b"``), which would blur whose edit
removed what. Here a recording :class:`~cnpolicytext.core.Alignment` receives each pass's
edits as the pass makes them, in the coordinates of the text that pass saw, so every
removed and added character is charged to the one rule that removed or added it. A later
pass that undoes an earlier one is charged too (both appear), and the document-level
character totals (raw against clean) give the net.

Memory stays bounded: documents are audited one at a time, only counters are kept, and the
sample is a *bottom-k* sample: each edit draws a priority from a generator seeded by the
seed and the document's number, and a rule keeps the ``sample`` edits of lowest priority.
That is a uniform sample without replacement, the same whatever the order or the number
of processes the documents are audited in, so partial reports merge (:meth:`AuditReport.merge`).

>>> report = audit(["截止 2009 年底,我市科技人员数 远远低于平均水平。"], sample=0)
>>> sorted(report.rules)
['punctuation.fullwidth', 'whitespace.stray']
>>> report.rules["whitespace.stray"].removed["space"]
3
"""

from __future__ import annotations

import argparse
import heapq
import html
import json
import os
import random
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TextIO

import regex

from .core import Alignment, Context, Edit, apply_edits
from .pipeline import Pipeline, windows

__all__ = ["CLASSES", "AuditReport", "Auditor", "RuleAudit", "Sample", "add_arguments", "audit",
           "char_class", "main"]

#: JSON layout version: bumped when a key changes meaning or goes away (new keys may appear).
FORMAT = 1

#: Character classes of the content-loss accounting, in report order.
CLASSES: tuple[str, ...] = ("han", "digit", "latin", "punct", "space", "other")
_SHORT = {"han": "Han", "digit": "dig", "latin": "Lat", "punct": "pun", "space": "ws", "other": "oth"}

_HAN = regex.compile(r"\p{Han}")


@lru_cache(maxsize=65536)
def char_class(ch: str) -> str:
    """The class of one character.

    ``han``: ``\\p{Han}`` (with 〇); ``digit``: any Unicode number (``0-9``, ``１``, ``①``,
    ``Ⅳ``); ``latin``: a letter whose Unicode name says LATIN (full-width ones too);
    ``punct``: punctuation and symbols (categories P and S: ``，`` ``%`` ``～`` ``○``);
    ``space``: whitespace, line breaks included; ``other``: the rest (controls, format
    characters such as zero-width spaces, private use, letters of other scripts).
    """
    if ch.isspace():
        return "space"
    if _HAN.match(ch):
        return "han"
    cat = unicodedata.category(ch)
    if cat[0] == "N":
        return "digit"
    if cat[0] == "L":
        return "latin" if "LATIN" in unicodedata.name(ch, "") else "other"
    if cat[0] in "PS":
        return "punct"
    return "other"


def count_classes(text: str) -> dict[str, int]:
    """How many characters of each class ``text`` holds (every class present, maybe 0)."""
    out = dict.fromkeys(CLASSES, 0)
    for ch, n in Counter(text).items():
        out[char_class(ch)] += n
    return out


def _nonblank_lines(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.strip())


# -- per-rule figures ---------------------------------------------------------------------
_COUNTERS = ("edits", "documents", "line_breaks_removed", "line_breaks_added", "lines_joined",
             "lines_split", "lines_deleted", "blank_lines_removed")


@dataclass
class RuleAudit:
    """What one rule did across the corpus (see the module docstring for each figure)."""

    edits: int = 0
    documents: int = 0
    removed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    line_breaks_removed: int = 0
    line_breaks_added: int = 0
    lines_joined: int = 0
    lines_split: int = 0
    lines_deleted: int = 0
    blank_lines_removed: int = 0

    def merge(self, other: RuleAudit) -> None:
        for key in _COUNTERS:
            setattr(self, key, getattr(self, key) + getattr(other, key))
        for c in CLASSES:
            self.removed[c] += other.removed[c]
            self.added[c] += other.added[c]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: getattr(self, k) for k in _COUNTERS}
        out["removed"] = dict(self.removed)
        out["added"] = dict(self.added)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleAudit:
        r = cls()
        for k in _COUNTERS:
            setattr(r, k, int(data[k]))
        r.removed.update({c: int(data["removed"][c]) for c in CLASSES})
        r.added.update({c: int(data["added"][c]) for c in CLASSES})
        return r


#: A character a reader sees (not whitespace, not a control or format character such as
#: a zero-width space): a line of none of them is blank.
_SEEN = regex.compile(r"[^\s\p{Cf}\p{Cc}]")


def _seen(text: str) -> bool:
    return _SEEN.search(text) is not None


def line_effect(text: str, start: int, end: int, replacement: str) -> tuple[int, int, int, int, int, int]:
    """What replacing ``text[start:end]`` by ``replacement`` does to the lines of ``text``.

    Returns (line breaks removed, line breaks added, lines joined, lines split, lines
    deleted, blank lines removed). A line is *deleted* when the edit covers all it shows
    (all but whitespace and invisible characters) and the replacement does not bring as
    many non-blank lines back; a blank line is *removed* when the edit covers it and a line
    break beside it. Each line that goes takes one removed line break with it (the one
    before it if that one is still free, else the one after); the removed breaks left over
    *joined* two lines into one, and breaks added beyond those removed *split* lines.

    Only the edit and the blank run around it are read, never a whole long line, so a
    flattened one-line document with many edits stays linear.
    """
    breaks = []
    p = text.find("\n", start, end)
    while p >= 0:
        breaks.append(p)
        p = text.find("\n", p + 1, end)
    removed, added = len(breaks), replacement.count("\n")
    split = max(0, added - removed)
    if not removed and (not _seen(text[start:end]) or _seen(replacement)):
        return 0, added, 0, split, 0, 0
    i = start  # does the first line show nothing before the edit?
    while i > 0 and text[i - 1] != "\n" and not _seen(text[i - 1]):
        i -= 1
    head_clear = i == 0 or text[i - 1] == "\n"
    j, n = end, len(text)  # and the last line nothing after it?
    while j < n and text[j] != "\n" and not _seen(text[j]):
        j += 1
    tail_clear = j == n or text[j] == "\n"
    content = blank = gone = 0
    taken = -1  # the last removed break that a line which went took with it
    for k, (a, b) in enumerate(zip([start] + [q + 1 for q in breaks], [*breaks, end], strict=True)):
        if not ((k > 0 or head_clear) and (k < removed or tail_clear)):
            continue  # the line reaches beyond the edit
        went = True
        if k > 0 and breaks[k - 1] > taken:
            taken = breaks[k - 1]
        elif k < removed:
            taken = breaks[k]
        else:
            went = False
        if _seen(text[a:b]):
            content += 1  # all it showed went, even if an empty line stays
        elif went:
            blank += 1
        gone += went
    kept = sum(1 for piece in replacement.split("\n") if _seen(piece)) if content else 0
    deleted = max(0, content - kept)
    joined = max(0, removed - added - gone)
    return removed, added, joined, split, deleted, blank


# -- samples --------------------------------------------------------------------------------
@dataclass
class Sample:
    """One sampled edit: what the rule changed, where, and the text around it.

    ``removed``/``added`` are exactly what the pass replaced, and ``step`` the text either
    side at the moment it ran. ``raw``/``clean`` are (before, span, after) in the raw input
    and in the final clean text: the span is the stretch of raw text the edit maps back to
    and what became of it; it can be wider than ``removed`` when other rules changed the
    same place.
    """

    document: str
    rule: str
    reason: str
    removed: str
    added: str
    step: tuple[str, str]
    raw: tuple[str, str, str] = ("", "", "")
    clean: tuple[str, str, str] = ("", "", "")
    raw_start: int = 0
    clean_start: int = 0
    #: Sort key (document number, edit number): report order, independent of the sampling.
    order: tuple[int, int] = (0, 0)

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "rule": self.rule, "reason": self.reason,
                "removed": self.removed, "added": self.added,
                "step": {"before": self.step[0], "after": self.step[1]},
                "raw": {"before": self.raw[0], "span": self.raw[1], "after": self.raw[2], "start": self.raw_start},
                "clean": {"before": self.clean[0], "span": self.clean[1], "after": self.clean[2],
                          "start": self.clean_start},
                "order": list(self.order)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Sample:
        return cls(d["document"], d["rule"], d["reason"], d["removed"], d["added"],
                   (d["step"]["before"], d["step"]["after"]),
                   (d["raw"]["before"], d["raw"]["span"], d["raw"]["after"]),
                   (d["clean"]["before"], d["clean"]["span"], d["clean"]["after"]),
                   int(d["raw"]["start"]), int(d["clean"]["start"]), (int(d["order"][0]), int(d["order"][1])))


@dataclass
class NotIdempotent:
    """A document whose clean text changes when cleaned again, and which rules change it."""

    document: str
    rules: dict[str, int]
    offset: int  # first clean offset where the two cleans differ
    first: str  # the clean text around that offset
    second: str  # the twice-cleaned text around it

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "rules": dict(self.rules), "offset": self.offset,
                "first": self.first, "second": self.second}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> NotIdempotent:
        return cls(d["document"], dict(d["rules"]), int(d["offset"]), d["first"], d["second"])


# -- the report -----------------------------------------------------------------------------
@dataclass
class AuditReport:
    """The figures of one audit; ``to_dict`` (JSON), ``table`` (terminal), ``to_html``.

    ``samples`` maps a rule to its sampled edits (report order); ``not_idempotent`` lists at
    most ``max_listed`` documents, ``not_idempotent_count`` counts them all. ``untracked``
    names documents whose per-pass edits do not rebuild the clean text (a normalizer that
    changed text without reporting it: a bug to report, never expected).
    """

    pipeline: dict[str, Any] = field(default_factory=dict)
    sample: int = 5
    seed: int = 0
    context: int = 30
    documents: int = 0
    changed: int = 0
    raw_chars: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    clean_chars: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    raw_lines: int = 0
    clean_lines: int = 0
    rules: dict[str, RuleAudit] = field(default_factory=dict)
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    not_idempotent: list[NotIdempotent] = field(default_factory=list)
    not_idempotent_count: int = 0
    untracked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    max_listed: int = 1000

    # -- figures -------------------------------------------------------------------------
    def totals(self) -> RuleAudit:
        """Every rule's figures added up."""
        total = RuleAudit()
        for r in self.rules.values():
            total.merge(r)
        total.documents = self.changed
        return total

    @property
    def idempotent_share(self) -> float:
        return 1.0 if not self.documents else 1 - self.not_idempotent_count / self.documents

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures with stable keys (documented in docs/quality.md)."""
        return {
            "format": FORMAT,
            "pipeline": self.pipeline,
            "sample": self.sample,
            "seed": self.seed,
            "context": self.context,
            "documents": self.documents,
            "changed": self.changed,
            "characters": {"raw": dict(self.raw_chars), "clean": dict(self.clean_chars)},
            "lines": {"raw": self.raw_lines, "clean": self.clean_lines},
            "rules": {k: self.rules[k].to_dict() for k in sorted(self.rules)},
            "totals": self.totals().to_dict(),
            "not_idempotent": {"count": self.not_idempotent_count,
                               "documents": [d.to_dict() for d in self.not_idempotent]},
            "untracked": list(self.untracked),
            "samples": {k: [s.to_dict() for s in self.samples[k]] for k in sorted(self.samples)},
            "errors": list(self.errors),
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> AuditReport:
        """The report :meth:`to_dict` describes (``from_dict(r.to_dict()).to_dict() == r.to_dict()``)."""
        if d.get("format") != FORMAT:
            raise ValueError(f"audit report format {d.get('format')!r}; this version reads {FORMAT}")
        return cls(
            pipeline=dict(d["pipeline"]), sample=int(d["sample"]), seed=int(d["seed"]), context=int(d["context"]),
            documents=int(d["documents"]), changed=int(d["changed"]),
            raw_chars={c: int(d["characters"]["raw"][c]) for c in CLASSES},
            clean_chars={c: int(d["characters"]["clean"][c]) for c in CLASSES},
            raw_lines=int(d["lines"]["raw"]), clean_lines=int(d["lines"]["clean"]),
            rules={k: RuleAudit.from_dict(v) for k, v in d["rules"].items()},
            samples={k: [Sample.from_dict(s) for s in v] for k, v in d["samples"].items()},
            not_idempotent=[NotIdempotent.from_dict(x) for x in d["not_idempotent"]["documents"]],
            not_idempotent_count=int(d["not_idempotent"]["count"]),
            untracked=list(d["untracked"]), errors=list(d["errors"]),
        )

    # -- text ----------------------------------------------------------------------------
    def table(self, samples: bool = False) -> str:
        """Plain-text tables for a terminal (with ``samples=True``, the sampled edits too)."""
        lines = [f"{self.documents} documents, {self.changed} changed, "
                 f"{self.documents - self.not_idempotent_count} idempotent "
                 f"({100 * self.idempotent_share:.1f}%)",
                 f"non-blank lines: {self.raw_lines} raw, {self.clean_lines} clean",
                 "characters by class (raw -> clean, net):"]
        for c in CLASSES:
            a, b = self.raw_chars[c], self.clean_chars[c]
            lines.append(f"  {c:6s} {a:>10d} -> {b:>10d}  {b - a:+d}")
        rows = sorted(self.rules.items())
        total = self.totals()
        width = max([len(k) for k, _ in rows] + [len("rule")])
        lines.append("")
        lines.append(f"{'rule':{width}s} {'edits':>7s} {'docs':>5s} {'brk-':>6s} {'brk+':>5s} "
                     f"{'joined':>6s} {'split':>5s} {'deleted':>7s} {'blank-':>6s}")
        for name, r in [*rows, ("(all rules)", total)]:
            lines.append(f"{name:{width}s} {r.edits:>7d} {r.documents:>5d} {r.line_breaks_removed:>6d} "
                         f"{r.line_breaks_added:>5d} {r.lines_joined:>6d} {r.lines_split:>5d} "
                         f"{r.lines_deleted:>7d} {r.blank_lines_removed:>6d}")
        lines.append("")
        lines.append("characters removed / added by class:")
        lines.append(f"{'rule':{width}s} " + " ".join(f"{_SHORT[c]:>13s}" for c in CLASSES))
        for name, r in [*rows, ("(all rules)", total)]:
            cells = [f"-{r.removed[c]}/+{r.added[c]}" if r.removed[c] or r.added[c] else "." for c in CLASSES]
            lines.append(f"{name:{width}s} " + " ".join(f"{x:>13s}" for x in cells))
        if self.not_idempotent_count:
            lines.append("")
            lines.append(f"not idempotent: {self.not_idempotent_count} documents")
            for d in self.not_idempotent:
                rules = ", ".join(f"{k} {v}" for k, v in sorted(d.rules.items()))
                lines.append(f"  {d.document}: second clean: {rules or '?'}; at {d.offset}: "
                             f"{d.first!r} -> {d.second!r}")
        if self.untracked:
            lines.append("")
            lines.append(f"edits that do not rebuild the clean text (a bug): {', '.join(self.untracked)}")
        if samples:
            for rule in sorted(self.samples):
                lines.append("")
                lines.append(f"sample of {rule} ({len(self.samples[rule])} of {self.rules[rule].edits}):")
                for s in self.samples[rule]:
                    lines.append(f"  {s.document}: {s.raw[0]}[{s.raw[1]}]{s.raw[2]}".replace("\n", "⏎"))
                    lines.append(f"  {'':{len(s.document)}s}  {s.clean[0]}[{s.clean[1]}]{s.clean[2]}"
                                 .replace("\n", "⏎"))
        for e in self.errors:
            lines.append(f"error: {e}")
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """The figures as Markdown tables (for notes such as docs/quality.md; no samples)."""
        lines = [f"{self.documents} documents, {self.changed} changed, "
                 f"{self.documents - self.not_idempotent_count} idempotent ({100 * self.idempotent_share:.1f}%); "
                 f"non-blank lines {self.raw_lines} raw → {self.clean_lines} clean.", "",
                 "| class | raw | clean | net |", "|---|---:|---:|---:|"]
        for c in CLASSES:
            a, b = self.raw_chars[c], self.clean_chars[c]
            lines.append(f"| {c} | {a} | {b} | {b - a:+d} |")
        lines += ["", "| rule | edits | docs | breaks −/+ | joined | split | deleted | blank− | "
                  + " | ".join(f"{c} −/+" for c in CLASSES) + " |",
                  "|---|" + "---:|" * (7 + len(CLASSES))]
        for name, r in [*sorted(self.rules.items()), ("**all rules**", self.totals())]:
            cells = [f"−{r.removed[c]}/+{r.added[c]}" if r.removed[c] or r.added[c] else "" for c in CLASSES]
            lines.append(f"| {name} | {r.edits} | {r.documents} | −{r.line_breaks_removed}/+{r.line_breaks_added} | "
                         f"{r.lines_joined} | {r.lines_split} | {r.lines_deleted} | {r.blank_lines_removed} | "
                         + " | ".join(cells) + " |")
        if self.not_idempotent:
            lines += ["", "Not idempotent:", ""]
            for d in self.not_idempotent:
                rules = ", ".join(f"{k} {v}" for k, v in sorted(d.rules.items()))
                lines.append(f"- `{d.document}`: second clean {rules}")
        return "\n".join(lines)

    def to_html(self, title: str = "cnpolicytext audit") -> str:
        """A self-contained HTML page (inline style, no script, no external asset)."""
        return _html(self, title)

    # -- merging -------------------------------------------------------------------------
    def merge(self, other: AuditReport) -> None:
        """Add ``other``'s figures (documents audited elsewhere, e.g. in another process).

        Samples merge exactly because they are bottom-k samples: see :class:`Auditor`.
        """
        self.documents += other.documents
        self.changed += other.changed
        for c in CLASSES:
            self.raw_chars[c] += other.raw_chars[c]
            self.clean_chars[c] += other.clean_chars[c]
        self.raw_lines += other.raw_lines
        self.clean_lines += other.clean_lines
        for k, r in other.rules.items():
            self.rules.setdefault(k, RuleAudit()).merge(r)
        self.not_idempotent_count += other.not_idempotent_count
        room = self.max_listed - len(self.not_idempotent)
        self.not_idempotent.extend(other.not_idempotent[:max(0, room)])
        self.untracked.extend(other.untracked)
        self.errors.extend(other.errors)


# -- auditing -------------------------------------------------------------------------------
class _Recorder(Alignment):
    """An alignment that also accounts for each pass's edits as the pass commits them.

    It keeps the current text (the raw text with every pass so far applied), so each edit's
    removed characters can be read and charged to its rule.
    """

    __slots__ = ("auditor", "doc", "text")

    def __init__(self, text: str, auditor: Auditor, doc: _Doc) -> None:
        super().__init__()
        self.text = text
        self.auditor = auditor
        self.doc = doc

    def compose(self, edits: list[Edit]) -> None:
        if not edits:
            return
        text = self.text
        new = apply_edits(text, edits)
        shift = 0
        for e in edits:
            self.auditor._account(self.doc, self, text, new, e, shift)
            shift += len(e.replacement) - (e.end - e.start)
        super().compose(edits)
        self.text = new


@dataclass
class _Doc:
    """Per-document state while it is audited."""

    number: int
    label: str
    rules: set[str] = field(default_factory=set)
    edits: int = 0
    rng: random.Random | None = None
    #: Samples taken from this window, with their raw span, waiting for the clean text.
    pending: list[tuple[Sample, int, int]] = field(default_factory=list)


class Auditor:
    """Audit documents one at a time; :meth:`report` gives the figures so far.

    >>> a = Auditor(sample=0)
    >>> a.add("工 业化", "doc1")
    >>> a.report().rules["whitespace.stray"].edits
    1
    """

    def __init__(self, pipeline: Pipeline | Sequence[Any] | None = None, *, sample: int = 5, seed: int = 0,
                 context: int = 30, max_listed: int = 1000) -> None:
        if sample < 0 or context < 0:
            raise ValueError("sample and context are counts: 0 or more")
        if pipeline is None:
            pipeline = Pipeline.default()
        elif not isinstance(pipeline, Pipeline):
            pipeline = Pipeline(pipeline)
        self.pipeline = pipeline
        self._report = AuditReport(pipeline=pipeline.config(), sample=sample, seed=seed, context=context,
                                   max_listed=max_listed)
        #: rule -> heap of (-priority, order, sample): the ``sample`` lowest priorities.
        self._heaps: dict[str, list[tuple[float, tuple[int, int], Sample]]] = {}
        self._next = 0

    # -- one document ----------------------------------------------------------------------
    def add(self, text: str, label: str | None = None, number: int | None = None) -> None:
        """Audit one document. ``number`` (default: the count so far) seeds its sample draws;
        give each document its place in the corpus to get the same sample in any order."""
        if not isinstance(text, str):
            raise TypeError(f"audit takes str documents, not {type(text).__name__}")
        number = self._next if number is None else number
        self._next = max(self._next, number + 1)
        rep = self._report
        doc = _Doc(number, f"#{number}" if label is None else label)
        if rep.sample:
            doc.rng = random.Random(f"{rep.seed}\0{number}")
        pipeline = self.pipeline
        spans = windows(text, pipeline.window) if len(text) > pipeline.window else [(0, len(text))]
        parts: list[str] = []
        base = 0  # where this window's clean text starts in the document's
        for s, e in spans:
            raw = text[s:e]
            rec = _Recorder(raw, self, doc)
            out = pipeline._rounds(raw, Context(track=True, alignment=rec))
            if rec.text != out and doc.label not in rep.untracked:
                rep.untracked.append(doc.label)
            for sample, rs, re_ in doc.pending:
                c = rep.context
                cs = rec.to_clean(rs, "left")
                ce = max(cs, rec.to_clean(re_, "right"))
                sample.raw = (raw[max(0, rs - c):rs], raw[rs:re_], raw[re_:re_ + c])
                sample.clean = (out[max(0, cs - c):cs], out[cs:ce], out[ce:ce + c])
                sample.raw_start, sample.clean_start = rs + s, cs + base
            doc.pending.clear()
            if out:
                parts.append(out)
                base += len(out) + 1
        clean = "\n".join(parts)
        rep.documents += 1
        rep.changed += clean != text
        for cls, n in count_classes(text).items():
            rep.raw_chars[cls] += n
        for cls, n in count_classes(clean).items():
            rep.clean_chars[cls] += n
        rep.raw_lines += _nonblank_lines(text)
        rep.clean_lines += _nonblank_lines(clean)
        for rule in doc.rules:
            rep.rules[rule].documents += 1
        self._check_idempotent(doc.label, clean)

    def _check_idempotent(self, label: str, clean: str) -> None:
        again = self.pipeline.clean(clean)
        if again == clean:
            return
        rep = self._report
        rep.not_idempotent_count += 1
        if len(rep.not_idempotent) >= rep.max_listed:
            return
        rules = Counter(r for e in self.pipeline.run(clean).edits for r in e.rule.split("+"))
        at = next((i for i, (a, b) in enumerate(zip(clean, again, strict=False)) if a != b),
                  min(len(clean), len(again)))
        c = rep.context
        rep.not_idempotent.append(NotIdempotent(
            label, {k: rules[k] for k in sorted(rules)}, at,
            clean[max(0, at - c):at + c], again[max(0, at - c):at + c]))

    def _account(self, doc: _Doc, rec: _Recorder, text: str, new: str, e: Edit, shift: int) -> None:
        """Charge one edit of a pass to its rule (``text``/``new``: before/after the pass)."""
        rules = self._report.rules
        r = rules.get(e.rule)
        if r is None:
            r = rules[e.rule] = RuleAudit()
        r.edits += 1
        doc.rules.add(e.rule)
        old = text[e.start:e.end]
        if set(old).isdisjoint(e.replacement):
            for ch in old:
                r.removed[char_class(ch)] += 1
            for ch in e.replacement:
                r.added[char_class(ch)] += 1
        else:  # characters the edit writes back (a bracket's content) are neither removed nor added
            before, after = Counter(old), Counter(e.replacement)
            for ch, k in (before - after).items():
                r.removed[char_class(ch)] += k
            for ch, k in (after - before).items():
                r.added[char_class(ch)] += k
        if "\n" in old or "\n" in e.replacement or (_seen(old) and not _seen(e.replacement)):
            br, ba, joined, split, deleted, blank = line_effect(text, e.start, e.end, e.replacement)
            r.line_breaks_removed += br
            r.line_breaks_added += ba
            r.lines_joined += joined
            r.lines_split += split
            r.lines_deleted += deleted
            r.blank_lines_removed += blank
        doc.edits += 1
        if doc.rng is not None:
            self._offer(doc, rec, text, new, e, shift)

    def _offer(self, doc: _Doc, rec: _Recorder, text: str, new: str, e: Edit, shift: int) -> None:
        """Bottom-k sampling: keep the edit if its priority is among the rule's lowest."""
        assert doc.rng is not None
        priority = doc.rng.random()
        heap = self._heaps.setdefault(e.rule, [])
        k = self._report.sample
        if len(heap) >= k and -heap[0][0] <= priority:
            return
        c = self._report.context
        ns = e.start + shift
        sample = Sample(doc.label, e.rule, e.reason, text[e.start:e.end], e.replacement,
                        (text[max(0, e.start - c):e.start], new[ns + len(e.replacement):ns + len(e.replacement) + c]),
                        order=(doc.number, doc.edits))
        entry = (-priority, sample.order, sample)
        if len(heap) < k:
            heapq.heappush(heap, entry)
        else:
            heapq.heapreplace(heap, entry)
        # Where the edit lies in the raw text: the alignment still maps the text this pass saw.
        rs = rec.to_raw(e.start, "left")
        doc.pending.append((sample, rs, max(rs, rec.to_raw(e.end, "right"))))

    # -- results -----------------------------------------------------------------------------
    def report(self) -> AuditReport:
        """The figures so far (a snapshot; auditing may go on)."""
        rep = self._report
        out = AuditReport.from_dict(rep.to_dict())
        out.max_listed = rep.max_listed
        out.samples = {rule: [s for _, _, s in sorted(heap, key=lambda x: x[1])]
                       for rule, heap in sorted(self._heaps.items())}
        return out

    def merge(self, other: Auditor) -> None:
        """Take in another auditor's documents (audited with the same pipeline, sample and
        seed, with distinct document numbers): the samples merge as if audited here."""
        self._report.merge(other._report)
        k = self._report.sample
        for rule, heap in other._heaps.items():
            mine = self._heaps.setdefault(rule, [])
            for entry in heap:
                if len(mine) < k:
                    heapq.heappush(mine, entry)
                elif entry[0] > mine[0][0]:
                    heapq.heapreplace(mine, entry)
        self._next = max(self._next, other._next)


def audit(texts: Iterable[str | tuple[str, str]], *, pipeline: Pipeline | Sequence[Any] | None = None,
          sample: int = 5, seed: int = 0, context: int = 30) -> AuditReport:
    """Audit what ``pipeline`` (default: the default pipeline) does to ``texts``.

    Each item is a text or a ``(label, text)`` pair; the label names the document in the
    report (default ``#N``, its place). ``sample`` edits per rule are kept, drawn with
    ``seed``; ``context`` characters are shown either side of each.
    """
    auditor = Auditor(pipeline, sample=sample, seed=seed, context=context)
    for item in texts:
        if isinstance(item, tuple):
            label, text = item
            auditor.add(text, label)
        else:
            auditor.add(item)
    return auditor.report()


# -- HTML -----------------------------------------------------------------------------------
_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #ccc;padding:2px 6px;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}
td.text{text-align:left;font-family:monospace;white-space:pre-wrap;max-width:40em;word-break:break-all}
del{background:#fbb;text-decoration:none}
ins{background:#bfb;text-decoration:none}
.ws{color:#888}
.meta{color:#555;font-size:90%}
summary{cursor:pointer;font-weight:bold;margin:.5em 0}
"""

_VISIBLE = {"\n": "⏎\n", "\t": "⇥", " ": "␣", "\u3000": "□", "\u00a0": "⍽"}


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _shown(text: str) -> str:
    """A changed stretch, escaped, with its whitespace made visible (greyed)."""
    out = []
    for ch in text:
        if ch in _VISIBLE:
            out.append(f'<span class="ws">{_esc(_VISIBLE[ch])}</span>')
        elif unicodedata.category(ch) in ("Cc", "Cf"):
            out.append(f'<span class="ws">&lt;U+{ord(ch):04X}&gt;</span>')
        else:
            out.append(_esc(ch))
    return "".join(out)


def _marked(before: str, span: str, after: str, tag: str) -> str:
    inner = _shown(span) if span else '<span class="ws">∅</span>'
    return f"{_esc(before)}<{tag}>{inner}</{tag}>{_esc(after)}"


def _html(rep: AuditReport, title: str) -> str:
    total = rep.totals()
    rows = [*sorted(rep.rules.items()), ("(all rules)", total)]
    h: list[str] = ['<!DOCTYPE html>', '<html lang="zh"><head><meta charset="utf-8">',
                    f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>",
                    f"<h1>{_esc(title)}</h1>",
                    f"<p>{rep.documents} documents, {rep.changed} changed; "
                    f"{rep.documents - rep.not_idempotent_count} idempotent "
                    f"({100 * rep.idempotent_share:.1f}%). Non-blank lines: {rep.raw_lines} raw, "
                    f"{rep.clean_lines} clean.</p>",
                    f'<p class="meta">Pipeline: {_esc(json.dumps(rep.pipeline, ensure_ascii=False))}; '
                    f"sample {rep.sample} per rule, seed {rep.seed}.</p>",
                    "<h2>Characters by class</h2><table><tr><th>class</th><th>raw</th><th>clean</th><th>net</th></tr>"]
    for c in CLASSES:
        a, b = rep.raw_chars[c], rep.clean_chars[c]
        h.append(f"<tr><td>{c}</td><td>{a}</td><td>{b}</td><td>{b - a:+d}</td></tr>")
    h.append("</table><h2>Edits and lines, per rule</h2><table><tr><th>rule</th><th>edits</th>"
             "<th>documents</th><th>line breaks removed</th><th>added</th><th>lines joined</th>"
             "<th>split</th><th>deleted</th><th>blank lines removed</th></tr>")
    for name, r in rows:
        link = f'<a href="#r-{_esc(name)}">{_esc(name)}</a>' if name in rep.samples else _esc(name)
        h.append(f"<tr><td>{link}</td><td>{r.edits}</td><td>{r.documents}</td><td>{r.line_breaks_removed}</td>"
                 f"<td>{r.line_breaks_added}</td><td>{r.lines_joined}</td><td>{r.lines_split}</td>"
                 f"<td>{r.lines_deleted}</td><td>{r.blank_lines_removed}</td></tr>")
    h.append("</table><h2>Characters removed / added, per rule</h2><table><tr><th>rule</th>"
             + "".join(f"<th>{c}</th>" for c in CLASSES) + "</tr>")
    for name, r in rows:
        cells = "".join(f"<td>−{r.removed[c]} / +{r.added[c]}</td>" if r.removed[c] or r.added[c] else "<td></td>"
                        for c in CLASSES)
        h.append(f"<tr><td>{_esc(name)}</td>{cells}</tr>")
    h.append("</table>")
    h.append(f"<h2>Not idempotent ({rep.not_idempotent_count})</h2>")
    if rep.not_idempotent:
        h.append("<table><tr><th>document</th><th>rules of the second clean</th><th>clean</th>"
                 "<th>cleaned again</th></tr>")
        for d in rep.not_idempotent:
            rules = ", ".join(f"{k} {v}" for k, v in sorted(d.rules.items()))
            h.append(f'<tr><td>{_esc(d.document)}</td><td class="text">{_esc(rules)}</td>'
                     f'<td class="text">{_shown(d.first)}</td><td class="text">{_shown(d.second)}</td></tr>')
        h.append("</table>")
    if rep.untracked:
        h.append("<h2>Edits that do not rebuild the clean text</h2><ul>"
                 + "".join(f"<li>{_esc(x)}</li>" for x in rep.untracked) + "</ul>")
    if rep.errors:
        h.append("<h2>Errors</h2><ul>" + "".join(f"<li>{_esc(x)}</li>" for x in rep.errors) + "</ul>")
    if rep.samples:
        h.append("<h2>Sampled edits</h2><p class=\"meta\">Raw and clean side by side; the stretch the "
                 "edit maps to is highlighted (<del>raw</del>, <ins>clean</ins>); ⏎ line break, ␣ space, "
                 "□ ideographic space, ∅ nothing. The change itself is what the rule replaced at the "
                 "moment it ran.</p>")
    for rule in sorted(rep.samples):
        items = rep.samples[rule]
        h.append(f'<details open id="r-{_esc(rule)}"><summary>{_esc(rule)}: {len(items)} of '
                 f"{rep.rules[rule].edits} edits</summary><table><tr><th>document</th><th>raw</th>"
                 "<th>clean</th><th>change</th></tr>")
        for s in items:
            change = (f"{_esc(s.step[0][-10:])}<del>{_shown(s.removed) or '∅'}</del>"
                      f"<ins>{_shown(s.added) or '∅'}</ins>{_esc(s.step[1][:10])}")
            h.append(f'<tr><td>{_esc(s.document)}</td><td class="text">{_marked(*s.raw, "del")}</td>'
                     f'<td class="text">{_marked(*s.clean, "ins")}</td>'
                     f'<td class="text">{change}<br><span class="meta">{_esc(s.reason)}</span></td></tr>')
        h.append("</table></details>")
    h.append("</body></html>")
    return "\n".join(h)


# -- command line ---------------------------------------------------------------------------
def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``cnpolicytext audit`` (the subparser is made by :mod:`cnpolicytext.cli`)."""
    from .cli import _encoding, add_config_arguments

    p.add_argument("paths", nargs="*", metavar="PATH", help="files, folders (*.txt and *.md, recursively) or -")
    p.add_argument("--glob", action="append", metavar="PATTERN",
                   help="the files to take from a folder (default: *.txt and *.md; *.jsonl with --jsonl)")
    p.add_argument("--jsonl", action="store_true", help="inputs are JSON Lines; audit one field of each record")
    p.add_argument("--text-key", default="text", metavar="KEY", help="the field --jsonl audits (default: text)")
    p.add_argument("--id-key", default="id", metavar="KEY",
                   help="the field that names a --jsonl record (default: id; else FILE:LINE)")
    p.add_argument("--sample", type=int, default=5, metavar="N", help="edits sampled per rule (default: 5)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the sample (default: 0)")
    p.add_argument("--context", type=int, default=30, metavar="CHARS",
                   help="characters shown either side of a sampled edit (default: 30)")
    p.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report")
    p.add_argument("--json", action="store_true", help="print the report as JSON instead of tables")
    p.add_argument("--markdown", action="store_true", help="print the figures as Markdown tables")
    p.add_argument("--skip", action="append", metavar="NAME", help="switch a normalizer off")
    p.add_argument("--only", action="append", metavar="NAME", help="run only these normalizers")
    p.add_argument("--script", choices=["zh-Hans", "zh-Hant", "zh-TW", "zh-HK", "keep"],
                   help="the script to write (default: zh-Hans)")
    p.add_argument("--counts", action="store_true", help="also convert counts with measure words")
    p.add_argument("--encoding", type=_encoding, help="input encoding (default: detect; JSON Lines: UTF-8)")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="audit in N processes (default: 1)")
    p.add_argument("--progress", action="store_true", help="show progress on stderr even when it is not a terminal")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress")
    add_config_arguments(p)


def _documents(args: argparse.Namespace, errors: list[str]) -> Iterator[tuple[str, str]]:
    """(label, text) of every input document, one at a time, read as ``clean`` reads them
    (the same folder walk, decoding and JSON Lines reader, so the same problems reported)."""
    from .cli import DEFAULT_GLOBS, DEFAULT_JSONL_GLOBS, InputError, _read, _records, _sources

    globs = tuple(args.glob) if args.glob else DEFAULT_JSONL_GLOBS if args.jsonl else DEFAULT_GLOBS
    for src in _sources(args.paths, globs, errors):
        try:
            if args.jsonl:
                for n, record in _records(src, args.encoding, args.text_key, errors.append):
                    ident = record.get(args.id_key)
                    yield (str(ident) if isinstance(ident, (str, int)) else f"{src.label}:{n}"), record[args.text_key]
                continue
            text = _read(src, args.encoding)[0]
        except InputError as exc:
            errors.append(str(exc))
            continue
        # A file's last line break is not an edit: ``clean`` writes one back.
        for end in ("\r\n", "\n", "\r"):
            if text.endswith(end):
                text = text[:-len(end)]
                break
        yield src.label, text


def _audit_batch(config_json: str, batch: list[tuple[int, str, str]], sample: int, seed: int,
                 context: int) -> list[Auditor]:
    """Worker: audit a batch of numbered documents into one partial auditor."""
    from .parallel import pipeline_from_config

    auditor = Auditor(pipeline_from_config(config_json), sample=sample, seed=seed, context=context)
    for number, label, text in batch:
        auditor.add(text, label, number)
    return [auditor]


def main(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run ``cnpolicytext audit`` with parsed arguments; 0 when every input was read, 1 if not,
    2 for a usage error."""
    from .parallel import _batched, ordered_map, worker_config

    out = out or sys.stdout
    prog = "cnpolicytext audit"
    if args.sample < 0 or args.context < 0 or args.jobs < 1:
        print(f"{prog}: error: --sample and --context take 0 or more, --jobs 1 or more", file=sys.stderr)
        return 2
    from .cli import UsageError, _pipeline, _print_config

    if not args.paths and not args.print_config:
        print(f"{prog}: error: give at least one PATH (a file, a folder, or - for standard input)", file=sys.stderr)
        return 2
    try:
        pipeline = _pipeline(args)
    except (UsageError, KeyError, ValueError, OSError) as exc:
        print(f"{prog}: error: {exc.args[0] if isinstance(exc, KeyError) else exc}", file=sys.stderr)
        return 2
    if args.print_config:
        return _print_config(pipeline)
    errors: list[str] = []
    auditor = Auditor(pipeline, sample=args.sample, seed=args.seed, context=args.context)
    show = (args.progress or sys.stderr.isatty()) and not args.quiet
    config = worker_config(pipeline)
    done = 0
    try:
        numbered = ((number, label, text) for number, (label, text) in enumerate(_documents(args, errors)))
        batches = _batched(numbered, 16, lambda doc: len(doc[2]))
        for part in ordered_map(_audit_batch, batches, args.jobs, config,
                                args.sample, args.seed, args.context):
            auditor.merge(part)
            if show:
                done = auditor._report.documents
                sys.stderr.write(f"\raudited {done} documents")
                sys.stderr.flush()
    finally:
        if show and done:
            sys.stderr.write("\n")
    report = auditor.report()
    report.errors.extend(errors)
    for e in errors:
        print(f"{prog}: error: {e}", file=sys.stderr)
    if args.html:
        try:
            title = f"cnpolicytext audit: {' '.join(os.path.basename(p) for p in args.paths)}"
            with open(args.html, "w", encoding="utf-8") as f:
                f.write(report.to_html(title=title))
        except OSError as exc:
            print(f"{prog}: error: {args.html}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return 1
    if args.json:
        out.write(report.to_json(indent=1) + "\n")
    elif args.markdown:
        out.write(report.to_markdown() + "\n")
    else:
        out.write(report.table(samples=bool(args.sample)) + "\n")
    return 1 if errors else 0
