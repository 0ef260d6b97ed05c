"""Pipelines: ordered, configurable lists of normalizers, and the result of a run."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from .core import Alignment, Context, Edit, Normalizer, apply_edits, get_normalizer, segments_to_edits

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
    def from_dict(cls, raw: str, data: Mapping[str, Any]) -> "CleanResult":
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

    __slots__ = ("steps",)

    #: Line-level steps (boilerplate, page furniture, headers) judge lines that later steps
    #: may still reshape, so a pipeline repeats until its output no longer changes. Real
    #: documents settle in two rounds; the bound only guards against a pathological cycle.
    max_rounds = 4

    def __init__(self, steps: Iterable[Any]) -> None:
        self.steps: tuple[Normalizer, ...] = tuple(_build(s) for s in steps)

    @classmethod
    def default(cls, *, script: str = "zh-Hans", indent: bool = False, counts: bool = False,
                protected: Sequence[str] = (), boilerplate: Sequence[tuple[str, str]] = (),
                skip: Sequence[str] = (), only: Sequence[str] = ()) -> "Pipeline":
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
            "script": {"target": script},
            "punctuation": {"corner_quotes": script in ("zh-Hans", "zh-CN")},
            "whitespace": {"indent": indent},
            "numerals": {"counts": counts, "protected": tuple(protected)},
            "boilerplate": {"patterns": tuple(tuple(p) for p in boilerplate)},
        }
        return cls({"name": n, "options": options.get(n, {})} for n in names)

    @classmethod
    def from_config(cls, config: Sequence[Any]) -> "Pipeline":
        return cls(config)

    def config(self) -> list[dict[str, Any]]:
        """A JSON-ready description; ``Pipeline.from_config(p.config()) == p``."""
        return [s.config() for s in self.steps]

    def names(self) -> list[str]:
        return [s.name for s in self.steps]

    def without(self, *names: str) -> "Pipeline":
        return Pipeline(s for s in self.steps if s.name not in names)

    def __call__(self, text: str) -> str:
        return self.clean(text)

    def _rounds(self, text: str, ctx: Context) -> str:
        for _ in range(self.max_rounds):
            ctx.warnings.clear()
            before = text
            for step in self.steps:
                text = step.run(text, ctx)
            if text == before:
                break
        return text

    def clean(self, text: str) -> str:
        """Clean ``text`` without bookkeeping (fast)."""
        return self._rounds(text, Context(track=False))

    def run(self, text: str) -> CleanResult:
        """Clean ``text`` and keep every edit, the offset map, warnings and metadata."""
        ctx = Context(track=True)
        clean = self._rounds(text, ctx)
        return CleanResult(text, clean, ctx.alignment, ctx.warnings, ctx.metadata, ctx.notes)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and self.steps == other.steps

    def __hash__(self) -> int:
        return hash(self.steps)

    def __repr__(self) -> str:
        return f"Pipeline({list(self.steps)!r})"

    def __reduce__(self) -> Any:
        # Workers rebuild the pipeline from its configuration, not from an object graph.
        return (Pipeline.from_config, (self.config(),))
