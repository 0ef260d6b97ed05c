"""Cleaning many texts: in order, in parallel, with repair statistics that merge.

Work is handed out in batches (a process round-trip costs more than cleaning a short
paragraph), at most a few batches per worker in flight, so memory stays flat however long
the input. Workers rebuild the pipeline from its configuration once, not per task.
"""

from __future__ import annotations

import importlib
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from .pipeline import CleanResult, Pipeline

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["EDITS_KEY", "RuleStats", "Stats", "clean_records", "clean_texts", "default_jobs", "merge_metadata",
           "pipeline_from_config", "worker_config"]


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


@dataclass
class RuleStats:
    documents: int = 0  # documents it changed
    edits: int = 0

    def __add__(self, other: RuleStats) -> RuleStats:
        return RuleStats(self.documents + other.documents, self.edits + other.edits)


def _merge(a: dict[str, RuleStats], b: dict[str, RuleStats]) -> dict[str, RuleStats]:
    out = dict(a)
    for key, s in b.items():
        out[key] = out.get(key, RuleStats()) + s
    return out


@dataclass
class Stats:
    """Per normalizer and per rule: how many documents each changed and how many edits it made.

    Stats from different workers merge with ``+``.
    """

    documents: int = 0
    changed: int = 0
    normalizers: dict[str, RuleStats] = field(default_factory=dict)
    rules: dict[str, RuleStats] = field(default_factory=dict)

    @classmethod
    def of(cls, result: CleanResult) -> Stats:
        rules: dict[str, int] = {}
        for edit in result.edits:
            for rule in edit.rule.split("+"):
                rules[rule] = rules.get(rule, 0) + 1
        steps: dict[str, int] = {}
        for rule, n in rules.items():
            name = rule.split(".", 1)[0]
            steps[name] = steps.get(name, 0) + n
        return cls(1, int(result.text != result.raw), {k: RuleStats(1, n) for k, n in steps.items()},
                   {k: RuleStats(1, n) for k, n in rules.items()})

    def __add__(self, other: Stats) -> Stats:
        return Stats(self.documents + other.documents, self.changed + other.changed,
                     _merge(self.normalizers, other.normalizers), _merge(self.rules, other.rules))

    def add(self, other: Stats) -> None:
        """Add ``other`` to these statistics in place."""
        merged = self + other
        self.documents, self.changed = merged.documents, merged.changed
        self.normalizers, self.rules = merged.normalizers, merged.rules

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "changed": self.changed,
                "normalizers": {k: vars(v) for k, v in sorted(self.normalizers.items())},
                "rules": {k: vars(v) for k, v in sorted(self.rules.items())}}

    def table(self) -> str:
        lines = [f"{self.documents} documents, {self.changed} changed",
                 f"{'normalizer / rule':34s} {'documents':>10s} {'edits':>10s}"]
        for name, s in sorted(self.normalizers.items()):
            lines.append(f"{name:34s} {s.documents:>10d} {s.edits:>10d}")
            for rule, r in sorted(self.rules.items()):
                if rule.split(".", 1)[0] == name:
                    lines.append(f"  {rule:32s} {r.documents:>10d} {r.edits:>10d}")
        return "\n".join(lines)


# -- workers -----------------------------------------------------------------------------
def worker_config(pipeline: Pipeline) -> str:
    """The pipeline's configuration as JSON for workers, with the modules that define its
    user steps (``"plugins"``): a worker that does not inherit the parent's imports (the
    spawn and forkserver start methods) imports them before it builds the pipeline."""
    config: dict[str, Any] = pipeline.config()
    modules = sorted({m for m in (type(s).__module__ for s in pipeline.steps)
                      if m != "__main__" and not m.startswith("cnpolicytext.")})
    if modules:
        config["plugins"] = modules
    return json.dumps(config, ensure_ascii=False)


@lru_cache(maxsize=8)
def pipeline_from_config(config_json: str) -> Pipeline:
    """The pipeline a JSON configuration describes, built once per process (for workers)."""
    config = json.loads(config_json)
    if isinstance(config, dict):
        for module in config.get("plugins", ()):
            importlib.import_module(module)
    return Pipeline.from_config(config)


def _clean_batch(config_json: str, texts: list[str]) -> list[str]:
    pipeline = pipeline_from_config(config_json)
    return [pipeline.clean(t) for t in texts]


#: The fields cnpolicytext writes into a record beside the text (never over a field of the
#: record's own: datatrove and others already use ``edits``-like names).
EDITS_KEY = "cnpolicytext_edits"


def merge_metadata(record: dict[str, Any], found: Mapping[str, str]) -> None:
    """Add the page metadata found in the text to the record's ``metadata`` (datatrove's
    layout: a flat mapping). A key the record already has keeps its value; a different value
    found in the text goes under ``cnpolicytext.<key>``, so that nothing is lost either way.
    A ``metadata`` field that is not a mapping stays untouched and ours goes to
    ``cnpolicytext_metadata``."""
    if not found:
        return
    meta = record.get("metadata")
    if meta is None:
        record["metadata"] = dict(found)
        return
    if not isinstance(meta, dict):
        record["cnpolicytext_metadata"] = dict(found)
        return
    meta = dict(meta)
    for key, value in found.items():
        if key not in meta:
            meta[key] = value
        elif meta[key] != value:
            meta[f"cnpolicytext.{key}"] = value
    record["metadata"] = meta


def _clean_one_record(pipeline: Pipeline, record: dict[str, Any], text_key: str,
                      edits: bool) -> tuple[dict[str, Any], Stats]:
    result = pipeline.run(record[text_key])
    new = dict(record)
    new[text_key] = result.text
    if edits:
        new[EDITS_KEY] = [e.to_dict() for e in result.edits]
    merge_metadata(new, result.metadata)
    return new, Stats.of(result)


def clean_numbered_records(config_json: str, items: list[tuple[int, dict[str, Any]]], text_key: str,
                           edits: bool) -> list[tuple[int, dict[str, Any] | None, Stats, str | None]]:
    """Clean ``(number, record)`` pairs; a record whose cleaning raises comes back as
    ``(number, None, Stats(), message)`` and the others are cleaned (a worker task)."""
    pipeline = pipeline_from_config(config_json)
    out: list[tuple[int, dict[str, Any] | None, Stats, str | None]] = []
    for n, record in items:
        try:
            new, stats = _clean_one_record(pipeline, record, text_key, edits)
        except Exception as exc:  # one bad record never stops the others
            out.append((n, None, Stats(), f"cleaning failed: {type(exc).__name__}: {exc}"))
            continue
        out.append((n, new, stats, None))
    return out


def ordered_map(fn: Callable[..., list[R]], batches: Iterable[list[T]], jobs: int, *args: Any,
                executor: Executor | None = None,
                on_crash: Callable[[list[T], BaseException], list[R]] | None = None) -> Iterator[R]:
    """Apply ``fn(*args[:1], batch, *args[1:])`` to each batch in a process pool; yield in order.

    At most ``2 * jobs`` batches are in flight, so a long input never piles up in memory.

    With ``on_crash``, a worker that dies (killed, out of memory) costs only the batch it
    held: the pool is rebuilt, the batch that was at the head is re-run alone (item by item
    if it still kills its worker) and ``on_crash(items, error)`` stands in for the items
    that do; the batches behind it are resubmitted. Without it, the error propagates.
    """
    head, tail = args[:1], args[1:]
    if jobs <= 1 and executor is None:
        for batch in batches:
            yield from fn(*head, batch, *tail)
        return
    own = executor is None
    pool = executor or ProcessPoolExecutor(max_workers=jobs)
    try:
        pending: deque[tuple[list[T], Future[list[R]]]] = deque()

        def submit(batch: list[T]) -> Future[list[R]]:
            try:
                return pool.submit(fn, *head, batch, *tail)
            except BrokenProcessPool as exc:  # broken by a batch still in flight
                failed: Future[list[R]] = Future()
                failed.set_exception(exc)
                return failed

        def results(batch: list[T], future: Future[list[R]]) -> list[R]:
            nonlocal pool
            try:
                return future.result()
            except BrokenProcessPool as exc:
                if on_crash is None or not own:
                    raise
                pool.shutdown(cancel_futures=True)
                out = _isolated(fn, head, batch, tail, on_crash, exc)
                pool = ProcessPoolExecutor(max_workers=jobs)
                for i, (b, f) in enumerate(pending):
                    if not (f.done() and not f.cancelled() and f.exception() is None):
                        pending[i] = (b, submit(b))
                return out

        for batch in batches:
            pending.append((batch, submit(batch)))
            if len(pending) >= 2 * jobs:
                yield from results(*pending.popleft())
        while pending:
            yield from results(*pending.popleft())
    finally:
        if own:
            pool.shutdown(cancel_futures=True)


def _isolated(fn: Callable[..., list[R]], head: tuple[Any, ...], batch: list[T], tail: tuple[Any, ...],
              on_crash: Callable[[list[T], BaseException], list[R]], error: BaseException) -> list[R]:
    """Run a batch whose pool broke in a pool of its own; split it if it breaks that one too."""
    with ProcessPoolExecutor(max_workers=1) as solo:
        try:
            return solo.submit(fn, *head, batch, *tail).result()
        except BrokenProcessPool as exc:
            error = exc
    if len(batch) == 1:
        return on_crash(batch, error)
    return [r for item in batch for r in _isolated(fn, head, [item], tail, on_crash, error)]


#: A batch closes at this many characters of text as well as at its count of items: a few
#: long documents then still spread over the workers (64 of them made one task, so one
#: worker cleaned them all), while short records still travel many to a task (a task costs
#: a process round-trip; this many characters take tens of milliseconds to clean).
BATCH_CHARS = 32_768


def _batched(items: Iterable[T], size: int, length: Callable[[T], int],
             chars: int = BATCH_CHARS) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size``, each closed early once the ``length`` of its
    items (their characters) reaches ``chars``."""
    batch: list[T] = []
    total = 0
    for item in items:
        batch.append(item)
        total += length(item)
        if len(batch) >= size or total >= chars:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def _record_length(key: str) -> Callable[[tuple[int, Mapping[str, Any]]], int]:
    """The characters of a numbered record's text field ``key``, for batching (0 if it holds
    no string: the worker reports that record)."""
    def length(item: tuple[int, Mapping[str, Any]]) -> int:
        value = item[1].get(key)
        return len(value) if isinstance(value, str) else 0
    return length


def clean_texts(texts: Iterable[str], *, pipeline: Pipeline | None = None, jobs: int | None = None,
                batch: int = 64) -> Iterator[str]:
    """Clean every text, in parallel (``jobs`` processes, default: every core), in input order."""
    config = worker_config(pipeline or Pipeline.default())
    return ordered_map(_clean_batch, _batched(texts, batch, len), jobs or default_jobs(), config)


def clean_records(records: Iterable[Mapping[str, Any]], *, text_key: str = "text", edits: bool = False,
                  pipeline: Pipeline | None = None, jobs: int | None = None, batch: int = 64,
                  stats: Stats | None = None) -> Iterator[dict[str, Any]]:
    """Clean the ``text_key`` field of each record (other fields kept), in input order.

    A record whose page had metadata lines (发布时间, 来源 …) gets them merged into its
    ``metadata`` (see :func:`merge_metadata`); with ``edits=True`` it also gets its edits as
    ``cnpolicytext_edits`` (a record's own ``edits`` field is kept). Pass a :class:`Stats` as ``stats`` to have
    the repair counts added to it.
    """
    config = worker_config(pipeline or Pipeline.default())

    def checked(rs: Iterable[Mapping[str, Any]]) -> Iterator[tuple[int, dict[str, Any]]]:
        for i, r in enumerate(rs):
            if not isinstance(r.get(text_key), str):
                raise ValueError(f"record {i} has no string field {text_key!r}")
            yield i, dict(r)

    batches = _batched(checked(records), batch, _record_length(text_key))
    for i, record, s, error in ordered_map(clean_numbered_records, batches,
                                           jobs or default_jobs(), config, text_key, edits):
        if record is None:
            raise ValueError(f"record {i}: {error}")
        if stats is not None:
            stats.add(s)
        yield record
