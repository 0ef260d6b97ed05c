"""Pipelines: ordered, configurable lists of normalizers, and the result of a run."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from .core import Alignment, Context, Edit, Normalizer, apply_edits, get_normalizer, segments_to_edits

#: A text longer than this many characters is cleaned in windows (see :func:`windows`).
WINDOW = 4_000_000
#: How far past a window's nominal end a paragraph end is looked for.
_LOOK = 65_536
# A safe place to end a window: a line that ends a sentence, then a line of running text
# (no blank line, no leading space, no counter): no repair of one side reaches the other.
_SAFE_BREAK = regex.compile(r"(?<=[。！？][”’）》」』]*[ \t\u3000]*)\n(?=[\p{Han}“‘《（])")


def windows(text: str, size: int = WINDOW) -> list[tuple[int, int]]:
    """Spans of the windows a long text is cleaned in: about ``size`` characters each.

    Each window ends at the first safe paragraph end at or after ``size`` characters (within
    64K more; else at the next line break), and the line break between two windows belongs
    to neither. The page-level analyses (page-number sequence, chunk prefixes, wrap width,
    running headers) see one window at a time — thousands of pages — which bounds memory,
    and streaming a file window by window gives exactly the same text.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = _window_end(text, start + size)
        if end is None:
            break
        spans.append((start, end))
        start = end + 1
    spans.append((start, len(text)))
    return spans


def iter_windows(chunks: Iterable[str], size: int = WINDOW) -> Iterator[str]:
    """The windows of :func:`windows`, cut from text that arrives in chunks (a stream).

    Holds at most a window and its look-ahead in memory; gives exactly the windows that
    :func:`windows` gives for the whole text.
    """
    buf = ""
    source = iter(chunks)
    done = False

    def fill(length: int) -> None:
        nonlocal buf, done
        parts = [buf]
        have = len(buf)
        while have < length and not done:
            piece = next(source, None)
            if piece is None:
                done = True
            else:
                parts.append(piece)
                have += len(piece)
        buf = "".join(parts)

    while True:
        fill(size + _LOOK + 1)
        if len(buf) <= size:
            yield buf
            return
        end = _window_end(buf, size)
        while end is None and not done:  # the fallback line break lies further on
            fill(len(buf) + _LOOK)
            end = _window_end(buf, size)
        if end is None:
            yield buf
            return
        yield buf[:end]
        buf = buf[end + 1:]


def _window_end(text: str, at: int) -> int | None:
    """Where a window reaching ``at`` ends (a line break's offset), or None to go on."""
    m = _SAFE_BREAK.search(text, at, at + _LOOK)
    if m is not None:
        return m.start()
    end = text.find("\n", at + _LOOK)
    return None if end < 0 else end


def script_options(script: str) -> dict[str, dict[str, Any]]:
    """The step options that ``script=`` (``--script``) stands for: the target script, and
    corner quotes 「」 turned into “” only for mainland Simplified (Traditional keeps them)."""
    return {"script": {"target": script}, "punctuation": {"corner_quotes": script in ("zh-Hans", "zh-CN")}}


#: The default order: characters first, then script, page furniture, layout, marks, numbers.
DEFAULT_STEPS: tuple[str, ...] = (
    "unicode", "script", "paragraphs", "boilerplate", "pagebreak", "punctuation", "whitespace",
    "numbering", "numerals",
)


@dataclass
class CleanResult:
    """The clean text of one document, every edit that made it, and what was found."""

    raw: str
    text: str
    alignment: Alignment
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def edits(self) -> list[Edit]:
        """Edits on the raw text; applying them in order gives :attr:`text` exactly."""
        return segments_to_edits(self.alignment, self.text)

    def to_raw(self, j: int, side: str = "left") -> int:
        return self.alignment.to_raw(j, side)

    def to_clean(self, i: int, side: str = "left") -> int:
        return self.alignment.to_clean(i, side)

    def raw_byte_offset(self, i: int) -> int:
        """UTF-8 byte offset of raw code-point offset ``i``."""
        return len(self.raw[:i].encode("utf-8"))

    def clean_byte_offset(self, j: int) -> int:
        return len(self.text[:j].encode("utf-8"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "edits": [e.to_dict() for e in self.edits],
            "warnings": list(self.warnings),
            "metadata": dict(self.metadata),
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, raw: str, data: Mapping[str, Any]) -> CleanResult:
        """Rebuild a result (offset map included) from :meth:`to_dict` and the raw text."""
        edits = [Edit.from_dict(e) for e in data["edits"]]
        result = cls(raw, data["text"], Alignment.from_edits(edits), list(data.get("warnings", ())),
                     dict(data.get("metadata", {})))
        if not result.verify():
            raise ValueError("these edits do not turn this raw text into this clean text")
        return result

    def verify(self) -> bool:
        """True when the edits rebuild the clean text from the raw text."""
        return apply_edits(self.raw, self.edits) == self.text




def _build(step: Any) -> Normalizer:
    if isinstance(step, Normalizer):
        return step
    if isinstance(step, str):
        return get_normalizer(step)()
    if isinstance(step, Mapping):
        return get_normalizer(step["name"])(**dict(step.get("options", {})))
    raise TypeError(f"a pipeline step is a name, a dict or a Normalizer, not {type(step).__name__}")


class Pipeline:
    """An ordered, immutable list of configured normalizers.

    >>> Pipeline.default().without("numerals").names()[-1]
    'numbering'
    """

    __slots__ = ("steps", "window")

    #: Line-level steps (boilerplate, page furniture, headers) judge lines that later steps
    #: may still reshape, so a pipeline repeats until its output no longer changes. Real
    #: documents settle in two rounds (a round that changes nothing ends the run, so clean
    #: text costs one); the bound only guards against a pathological cycle. Fuzzed garbage
    #: (runs of controls, marks and wrapped lines) can take five or six rounds to settle, and
    #: stopping before it does is what would make cleaning the output change it again.
    max_rounds = 8

    def __init__(self, steps: Iterable[Any] | Mapping[str, Any], window: int | None = None) -> None:
        if isinstance(steps, Mapping):  # a whole configuration, as config() gives it
            window = steps.get("window", WINDOW) if window is None else window
            steps = steps["steps"]
        window = WINDOW if window is None else window
        if isinstance(window, bool) or not isinstance(window, int) or window < 1:
            raise ValueError(f"window must be a positive number of characters, not {window!r}")
        self.steps: tuple[Normalizer, ...] = tuple(_build(s) for s in steps)
        self.window = window

    @classmethod
    def default(cls, *, script: str = "zh-Hans", indent: bool = False, counts: bool = False,
                protected: Sequence[str] = (), boilerplate: Sequence[tuple[str, str]] = (),
                skip: Sequence[str] = (), only: Sequence[str] = ()) -> Pipeline:
        """The pipeline that :func:`cnpolicytext.clean` runs, with the common options.

        ``protected`` adds expressions that keep their Chinese numerals; ``boilerplate`` adds
        ``(rule, regex)`` line patterns of web-page residue.
        """
        from . import load_all

        load_all()
        names = [n for n in DEFAULT_STEPS if n not in skip and (not only or n in only)]
        for n in list(skip) + list(only):
            get_normalizer(n)  # a clear error for a misspelt name
        options: dict[str, dict[str, Any]] = {
            **script_options(script),
            "whitespace": {"indent": indent},
            "numerals": {"counts": counts, "protected": tuple(protected)},
            "boilerplate": {"patterns": tuple(tuple(p) for p in boilerplate)},
        }
        return cls({"name": n, "options": options.get(n, {})} for n in names)

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | Sequence[Any]) -> Pipeline:
        """The pipeline a :meth:`config` describes (a bare list of steps is read too)."""
        return cls(config)

    @classmethod
    def from_toml(cls, text: str, base: Pipeline | None = None) -> Pipeline:
        """The pipeline a TOML configuration describes (see :mod:`cnpolicytext.config`),
        laid over ``base`` (default: :meth:`default`)."""
        from .config import loads

        return loads(text, base=base)

    def to_toml(self) -> str:
        """Every setting as TOML: ``Pipeline.from_toml(p.to_toml()) == p``."""
        from .config import dumps

        return dumps(self)

    def with_options(self, name: str, **options: Any) -> Pipeline:
        """This pipeline with ``options`` set on every step called ``name`` (checked as on
        construction); a pipeline without such a step comes back unchanged."""
        return Pipeline((type(s)(**{**s.options, **options}) if s.name == name else s for s in self.steps),
                        self.window)

    def config(self) -> dict[str, Any]:
        """A JSON-ready description of everything, window included:
        ``Pipeline.from_config(p.config()) == p``."""
        return {"steps": [s.config() for s in self.steps], "window": self.window}

    def names(self) -> list[str]:
        return [s.name for s in self.steps]

    def without(self, *names: str) -> Pipeline:
        return Pipeline((s for s in self.steps if s.name not in names), self.window)

    def __call__(self, text: str) -> str:
        return self.clean(text)

    def _rounds(self, text: str, ctx: Context) -> str:
        """Run the steps in rounds until a round changes nothing (at most :attr:`max_rounds`).

        A round re-runs only the steps that can still change something: a step is skipped
        while the text is what it left the last time it ran and that run changed nothing,
        or, for a step that declares itself :attr:`~Normalizer.idempotent`, while the text
        is still what it left. Either way the skipped run would have returned its input, so
        the output is that of running every step every round; a document whose last change
        comes early costs no confirmation round. The warnings are each step's from its
        latest run, in step order: what the last full round would have given.
        """
        steps = self.steps
        left: list[str | None] = [None] * len(steps)  # the text each step left last time
        unchanged = [False] * len(steps)  # ... and whether that run changed nothing
        warned: list[list[str]] = [[] for _ in steps]
        for _ in range(self.max_rounds):
            changed = False
            for i, step in enumerate(steps):
                if (text is left[i] or text == left[i]) and (unchanged[i] or step.idempotent):
                    continue
                ctx.warnings = warned[i] = []
                out = step.run(text, ctx)
                unchanged[i] = out is text or out == text
                changed = changed or not unchanged[i]
                left[i] = text = out
            if not changed:
                break
        ctx.warnings = [w for step_warnings in warned for w in step_warnings]
        return text

    def clean_stream(self, chunks: Iterable[str], metadata: dict[str, str] | None = None) -> Iterator[str]:
        """Clean text that arrives in chunks, window by window: the pieces, joined with line
        breaks, are exactly ``clean("".join(chunks))``, in bounded memory. A ``metadata`` dict
        receives the page metadata the windows find, as :meth:`run` reports it (the first
        window that has a key gives its value)."""
        for window in iter_windows(chunks, self.window):
            ctx = Context(track=False)
            part = self._rounds(window, ctx)
            if metadata is not None:
                for key, value in ctx.metadata.items():
                    metadata.setdefault(key, value)
            if part:
                yield part

    def clean(self, text: str) -> str:
        """Clean ``text`` without bookkeeping (fast)."""
        if len(text) <= self.window:
            return self._rounds(text, Context(track=False))
        parts = (self._rounds(text[s:e], Context(track=False)) for s, e in windows(text, self.window))
        return "\n".join(p for p in parts if p)

    def run(self, text: str) -> CleanResult:
        """Clean ``text`` and keep every edit, the offset map, warnings and metadata."""
        spans = windows(text, self.window) if len(text) > self.window else [(0, len(text))]
        if len(spans) == 1:
            ctx = Context(track=True)
            clean = self._rounds(text, ctx)
            return CleanResult(text, clean, ctx.alignment, ctx.warnings, ctx.metadata, ctx.notes)
        edits: list[Edit] = []
        pieces: list[str] = []
        warnings: list[str] = []
        metadata: dict[str, str] = {}
        notes: dict[str, Any] = {}
        for s, e in spans:
            ctx = Context(track=True)
            part = self._rounds(text[s:e], ctx)
            if s > 0 and not (pieces and part):  # the line break before this window goes
                edits.append(Edit(s - 1, s, "", "pipeline.window", "line break around an empty window"))
            edits.extend(Edit(x.start + s, x.end + s, x.replacement, x.rule, x.reason)
                         for x in segments_to_edits(ctx.alignment, part))
            if part:
                pieces.append(part)
            warnings.extend(ctx.warnings)
            for key, value in ctx.metadata.items():
                metadata.setdefault(key, value)
            for key, value in ctx.notes.items():
                notes.setdefault(key, value)
        clean = "\n".join(pieces)
        return CleanResult(text, clean, Alignment.from_edits(edits), warnings, metadata, notes)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and self.steps == other.steps and self.window == other.window

    def __hash__(self) -> int:
        return hash((self.steps, self.window))

    def __repr__(self) -> str:
        return f"Pipeline({list(self.steps)!r})"

    def __reduce__(self) -> Any:
        # Workers rebuild the pipeline from its configuration, not from an object graph.
        return (Pipeline, (self.config(),))
