"""The edit model: edits, the sparse raw<->clean alignment, and the normalizer base class.

A normalizer rewrites text in one or more *passes*. Each pass reports the edits it made
in the coordinates of its own input; :class:`Alignment` composes them, pass after pass,
into one map between the raw input and the current text. When nobody asks for edits,
passes run as plain ``regex`` substitutions and no bookkeeping happens at all.
"""

from __future__ import annotations

import bisect
import dataclasses
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, cast

import regex

__all__ = [
    "ENTRY_POINT_GROUP",
    "Alignment",
    "Context",
    "Edit",
    "Normalizer",
    "OptionError",
    "Segment",
    "get_normalizer",
    "load_entry_points",
    "register",
    "registered",
]


@dataclass(frozen=True, slots=True)
class Edit:
    """One change: replace ``text[start:end]`` with ``replacement``.

    Offsets are code points into the text the edit applies to. ``rule`` names the repair
    (``"whitespace.han_gap"``); ``reason`` says why, for people.
    """

    start: int
    end: int
    replacement: str
    rule: str
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "replacement": self.replacement,
            "rule": self.rule,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Edit:
        return cls(int(data["start"]), int(data["end"]), str(data["replacement"]),
                   str(data["rule"]), str(data.get("reason", "")))


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply sorted, non-overlapping edits to ``text``."""
    out: list[str] = []
    pos = 0
    for e in edits:
        if e.start < pos or e.end < e.start or e.end > len(text):
            raise ValueError(f"edits overlap or are out of bounds at {e.start}:{e.end}")
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


@dataclass(slots=True)
class Segment:
    """A changed stretch: ``raw[raw_start:raw_end]`` became ``clean[clean_start:clean_end]``."""

    raw_start: int
    raw_end: int
    clean_start: int
    clean_end: int
    rules: tuple[str, ...]
    reasons: tuple[str, ...] = ()


#: A segment's clean end, for bisection (attrgetter runs in C: no Python call per probe).
_clean_end = operator.attrgetter("clean_end")


class Alignment:
    """Sparse map between raw and clean offsets: only changed segments are stored.

    Between two segments raw and clean text are identical, so an offset there maps by a
    constant shift. Memory grows with the number of edits, not with the text.
    """

    __slots__ = ("_keys_cache", "segments")

    def __init__(self, segments: list[Segment] | None = None) -> None:
        self.segments: list[Segment] = segments or []
        self._keys_cache: dict[str, list[int]] = {}

    def compose(self, edits: list[Edit]) -> None:
        """Fold the edits of one pass (in current clean coordinates) into the map.

        One sweep over the old segments and the edits, both sorted by (start, end). Items
        that share a point strictly inside one of them merge into one segment; a segment no
        edit touches is only shifted, in place. Linear in segments + edits.
        """
        if not edits:
            return
        old = self.segments
        n, m = len(old), len(edits)
        out: list[Segment] = []
        i = j = 0
        delta_a = 0  # clean - raw, just before the current position
        delta_b = 0  # new - old, just before the current position

        def old_first() -> bool:
            return j >= m or (old[i].clean_start, old[i].clean_end) <= (edits[j].start, edits[j].end)

        while i < n or j < m:
            if i < n:
                # The old segments that end before the next edit starts are untouched by this
                # pass: only shifted, found by bisection (most of a long map, most passes).
                if j >= m:
                    k = n
                elif old[i].clean_end > edits[j].start:
                    k = i
                else:
                    k = bisect.bisect_right(old, edits[j].start, lo=i, key=_clean_end)
                if k > i:
                    last = old[k - 1]
                    delta_a = last.clean_end - last.raw_end
                    untouched = old[i:k]
                    if delta_b:
                        for g in untouched:
                            g.clean_start += delta_b
                            g.clean_end += delta_b
                    out.extend(untouched)
                    i = k
                    continue
            e = edits[j]
            alone = i >= n or (old[i].clean_start >= e.end and not old_first())
            if alone and (j + 1 >= m or edits[j + 1].start >= e.end):
                # An edit that touches no old segment and no other edit: a segment of its own.
                s, t = e.start, e.end
                growth = len(e.replacement) - (t - s)
                out.append(Segment(s - delta_a, t - delta_a, s + delta_b, t + delta_b + growth, (e.rule,), (e.reason,)))
                delta_b += growth
                j += 1
                continue
            segs: list[Segment] = []
            eds: list[Edit] = []
            if i < n and old_first():
                g = old[i]
                i += 1
                segs.append(g)
                c0, c1 = g.clean_start, g.clean_end
            else:
                eds.append(edits[j])
                c0, c1 = edits[j].start, edits[j].end
                j += 1
            while True:  # absorb whatever overlaps the component so far
                old_next = i < n and old[i].clean_start < c1
                edit_next = j < m and edits[j].start < c1
                if old_next and (not edit_next or old_first()):
                    segs.append(old[i])
                    c1 = max(c1, old[i].clean_end)
                    i += 1
                elif edit_next:
                    eds.append(edits[j])
                    c1 = max(c1, edits[j].end)
                    j += 1
                else:
                    break
            raw_start = segs[0].raw_start if segs and segs[0].clean_start == c0 else c0 - delta_a
            after_a = (segs[-1].clean_end - segs[-1].raw_end) if segs else delta_a
            raw_end = segs[-1].raw_end if segs and segs[-1].clean_end == c1 else c1 - after_a
            growth = sum(len(e.replacement) - (e.end - e.start) for e in eds)
            rules = tuple(r for g in segs for r in g.rules) + tuple(e.rule for e in eds)
            reasons = tuple(r for g in segs for r in g.reasons) + tuple(e.reason for e in eds)
            out.append(Segment(raw_start, raw_end, c0 + delta_b, c1 + delta_b + growth, rules, reasons))
            delta_a, delta_b = after_a, delta_b + growth
        self.segments = out
        self._keys_cache = {}

    # -- queries -----------------------------------------------------------------
    def _keys(self, attr: str) -> list[int]:
        """One coordinate of every segment, sorted (built once per state of the map)."""
        keys = self._keys_cache.get(attr)
        if keys is None or len(keys) != len(self.segments):
            keys = self._keys_cache[attr] = [getattr(g, attr) for g in self.segments]
        return keys

    def _map(self, i: int, fs: str, fe: str, ts: str, te: str, side: str) -> int:
        segs = self.segments
        # The coordinates are named by the caller (getattr): the annotations say they are ints.
        mapped: int
        if side == "left":
            k = bisect.bisect_left(self._keys(fe), i)
            if k < len(segs) and getattr(segs[k], fs) <= i:
                g = segs[k]
                gs, ge = getattr(g, fs), getattr(g, fe)
                mapped = getattr(g, ts) if i < ge or gs == ge else getattr(g, te)
                return mapped
            k -= 1
        else:
            k = bisect.bisect_right(self._keys(fs), i) - 1
            if k >= 0 and getattr(segs[k], fe) >= i:
                g = segs[k]
                gs, ge = getattr(g, fs), getattr(g, fe)
                mapped = getattr(g, te) if i > gs or gs == ge else getattr(g, ts)
                return mapped
        if k < 0:
            return i
        mapped = i + getattr(segs[k], te) - getattr(segs[k], fe)
        return mapped

    def to_clean(self, i: int, side: str = "left") -> int:
        """Clean offset of raw offset ``i``; inside a changed segment, its start (``side="left"``)
        or its end (``side="right"``)."""
        return self._map(i, "raw_start", "raw_end", "clean_start", "clean_end", side)

    def to_raw(self, j: int, side: str = "left") -> int:
        """Raw offset of clean offset ``j``; inside a changed segment, its start or end."""
        return self._map(j, "clean_start", "clean_end", "raw_start", "raw_end", side)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span that covers the clean span ``[start, end)``."""
        return self.to_raw(start, "left"), max(self.to_raw(start, "left"), self.to_raw(end, "right"))

    def clean_span(self, start: int, end: int) -> tuple[int, int]:
        """The clean span that covers the raw span ``[start, end)``."""
        return self.to_clean(start, "left"), max(self.to_clean(start, "left"), self.to_clean(end, "right"))

    @classmethod
    def from_edits(cls, edits: Iterable[Edit]) -> Alignment:
        """The map that edits on a raw text (sorted, disjoint) describe."""
        segments, delta = [], 0
        for e in edits:
            start = e.start + delta
            segments.append(Segment(e.start, e.end, start, start + len(e.replacement), (e.rule,), (e.reason,)))
            delta += len(e.replacement) - (e.end - e.start)
        return cls(segments)

    def to_json(self) -> list[list[Any]]:
        return [[g.raw_start, g.raw_end, g.clean_start, g.clean_end, list(g.rules)]
                for g in self.segments]

    @classmethod
    def from_json(cls, data: list[list[Any]]) -> Alignment:
        return cls([Segment(a, b, c, d, tuple(r)) for a, b, c, d, r in data])

    def __len__(self) -> int:
        return len(self.segments)


@dataclass
class Context:
    """What a run carries beside the text: the alignment (if tracked), warnings, metadata."""

    track: bool = False
    alignment: Alignment = field(default_factory=Alignment)
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)
    #: Steps that know the rest of this run can give them no more work (see ScriptNormalizer).
    settled: set[str] = field(default_factory=set)

    def commit(self, edits: list[Edit]) -> None:
        if self.track and edits:
            self.alignment.compose(edits)

    def sub(self, pattern: regex.Pattern[str], repl: Callable[[regex.Match[str]], str] | str,
            text: str, rule: str | Callable[[regex.Match[str]], str], reason: str = "") -> str:
        """``pattern.sub`` that, when tracking, reports each changed match as an edit."""
        if not self.track:
            return pattern.sub(repl, text)
        edits: list[Edit] = []
        # A replacement without group references is the same string for every match.
        literal = repl if isinstance(repl, str) and "\\" not in repl else None
        named = rule if isinstance(rule, str) else None

        def record(m: regex.Match[str]) -> str:
            old = m.group()
            new = literal if literal is not None else repl(m) if callable(repl) else m.expand(repl)
            if new == old:
                return old
            s, e = m.span()
            # Trim the unchanged context so that each edit is as small as it can be.
            p = 0
            limit = min(len(old), len(new))
            while p < limit and old[p] == new[p]:
                p += 1
            q = 0
            while q < limit - p and old[-1 - q] == new[-1 - q]:
                q += 1
            edits.append(Edit(s + p, e - q, new[p:len(new) - q], named if named is not None
                              else cast(Callable[[regex.Match[str]], str], rule)(m), reason))
            return new

        # The pattern builds the text (in C); the callback only records what changed.
        out = pattern.sub(record, text)
        if not edits:
            return text
        self.alignment.compose(edits)
        return out

    def replace_all(self, text: str, edits: list[Edit]) -> str:
        """Apply edits computed by hand (sorted, disjoint) and record them."""
        if not edits:
            return text
        if self.track:
            self.alignment.compose(edits)
        return apply_edits(text, edits)


class OptionError(TypeError):
    """An option a normalizer does not have, or a value of the wrong type."""


def _option_type(default: Any) -> type:
    """The type an option takes, read from its default (``bool`` is no ``int`` here)."""
    return tuple if isinstance(default, (tuple, list)) else type(default)


def _coerce(owner: str, key: str, value: Any, kind: type) -> Any:
    """``value`` checked against ``kind``; JSON's lists become tuples, ints may be floats."""
    if kind is tuple and isinstance(value, (list, tuple)):
        return tuple(_coerce(owner, key, v, tuple) if isinstance(v, list) else v for v in value)
    if kind is tuple and isinstance(value, str):  # ("十一五") is a string, not a list of one
        raise OptionError(f"{owner}: option {key!r} takes a list of values, not one string {value!r}")
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind is bool or isinstance(value, bool):
        if type(value) is not kind:
            raise OptionError(f"{owner}: option {key!r} takes {kind.__name__}, not {value!r}")
        return value
    if not isinstance(value, kind):
        raise OptionError(f"{owner}: option {key!r} takes {kind.__name__}, not {type(value).__name__} {value!r}")
    return value


def _options_class(cls: type[Normalizer]) -> type:
    """The frozen dataclass of a normalizer's options, made from ``defaults`` and
    ``option_docs``: one typed field per option, documented, validated on construction."""
    docs = cls.__dict__.get("option_docs", {})
    kinds = {key: _option_type(default) for key, default in cls.defaults.items()}
    fields = [(key, kinds[key], dataclasses.field(
        default=tuple(default) if isinstance(default, list) else default,
        metadata={"doc": docs.get(key, "")})) for key, default in cls.defaults.items()]

    def __post_init__(self: Any) -> None:
        for f in dataclasses.fields(self):
            object.__setattr__(self, f.name, _coerce(cls.name, f.name, getattr(self, f.name), kinds[f.name]))

    doc = "\n".join(f"{k}: {docs.get(k, '')}" for k in cls.defaults)
    options = dataclasses.make_dataclass("Options", fields, frozen=True,
                                         namespace={"__post_init__": __post_init__, "__doc__": doc})
    options.__module__, options.__qualname__ = cls.__module__, f"{cls.__qualname__}.Options"
    return options


class Normalizer:
    """A family of repairs with a name and options: text in, text (and edits) out.

    Subclasses set ``name``, ``summary``, ``defaults`` (option -> default, whose type is the
    option's type), optionally ``option_docs`` (option -> one line), and implement
    :meth:`run`. Each subclass gets a frozen dataclass ``Options`` made from them: options are
    checked by name and type when a normalizer is built (``indent="no"`` is an error, not a
    truthy string). An instance is also a plain ``str -> str`` callable.
    """

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    defaults: ClassVar[Mapping[str, Any]] = {}
    #: One line per option, for ``list``, ``--print-config`` and the docs.
    option_docs: ClassVar[Mapping[str, str]] = {}
    #: The typed options (made from ``defaults`` for each subclass).
    Options: ClassVar[type]
    #: Whether this normalizer may add, delete or change Han characters.
    changes_han: ClassVar[bool] = False
    #: Whether running this normalizer on its own output never changes it (a hypothesis
    #: property checks it for each built-in that says so). A pipeline round then skips it
    #: while the text is still what it left; a step that does not say so is skipped only
    #: while the text is what it last saw and left unchanged.
    idempotent: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.Options = _options_class(cls)

    def __init__(self, **options: Any) -> None:
        unknown = set(options) - set(self.defaults)
        if unknown:
            raise OptionError(
                f"{self.name}: unknown option(s) {sorted(unknown)}; "
                f"known: {sorted(self.defaults) or 'none'}")
        #: The validated options, as a frozen dataclass.
        self.settings = self.Options(**options)
        self.options: dict[str, Any] = {f.name: getattr(self.settings, f.name)
                                        for f in dataclasses.fields(self.settings)}

    def run(self, text: str, ctx: Context) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def __call__(self, text: str) -> str:
        return self.run(text, Context())

    def edits(self, text: str) -> tuple[str, list[Edit]]:
        """Run alone on ``text`` and return the result and its edits in ``text``'s offsets."""
        ctx = Context(track=True)
        out = self.run(text, ctx)
        return out, segments_to_edits(ctx.alignment, out)

    def config(self) -> dict[str, Any]:
        changed = {k: v for k, v in self.options.items() if self.defaults.get(k) != v}
        return {"name": self.name, "options": changed}

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in self.config()["options"].items())
        return f"{type(self).__name__}({opts})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Normalizer) and type(self) is type(other) and self.options == other.options

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted((k, repr(v)) for k, v in self.options.items()))))


def segments_to_edits(alignment: Alignment, clean: str) -> list[Edit]:
    """Turn an alignment into edits on the raw text (their replacements read from ``clean``)."""
    return [Edit(g.raw_start, g.raw_end, clean[g.clean_start:g.clean_end],
                 "+".join(dict.fromkeys(g.rules)), "; ".join(r for r in dict.fromkeys(g.reasons) if r))
            for g in alignment.segments]


_REGISTRY: dict[str, type[Normalizer]] = {}


def register(cls: type[Normalizer] | None = None, *, replace: bool = False) -> Any:
    """Class decorator: make a normalizer buildable by name (also for user normalizers).

    A name already taken by another class is refused — a user step must not silently stand
    in for a built-in — unless ``@register(replace=True)`` says that is the intent.
    """
    def add(cls: type[Normalizer]) -> type[Normalizer]:
        if not cls.name:
            raise ValueError(f"{cls.__name__} has no name")
        taken = _REGISTRY.get(cls.name)
        if taken is not None and not replace and _qualname(taken) != _qualname(cls):
            raise ValueError(f"a normalizer named {cls.name!r} is registered already ({_qualname(taken)}); "
                             f"use @register(replace=True) to replace it")
        _REGISTRY[cls.name] = cls
        return cls

    return add if cls is None else add(cls)


def _qualname(cls: type) -> str:
    # A class re-created by re-importing its module (importlib.reload, a test) is the same one.
    return f"{cls.__module__}.{cls.__qualname__}"


#: The entry-point group through which installed packages offer normalizers: an entry
#: ``name = "module:Class"`` (or just ``"module"``) whose import registers the class.
ENTRY_POINT_GROUP = "cnpolicytext.normalizers"
_LOADED_ENTRY_POINTS: set[tuple[str, str]] = set()
#: Why an entry point could not be loaded, kept for every later lookup of a missing name.
_ENTRY_POINT_PROBLEMS: list[str] = []


def load_entry_points() -> list[str]:
    """Import the normalizers installed packages offer (group :data:`ENTRY_POINT_GROUP`), each
    once per process; return the problems, one line each (a broken plugin never stops the
    built-ins). An entry that names a Normalizer class not registered yet is registered."""
    from importlib.metadata import entry_points

    problems = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if (ep.name, ep.value) in _LOADED_ENTRY_POINTS:
            continue
        _LOADED_ENTRY_POINTS.add((ep.name, ep.value))
        try:
            obj = ep.load()
            if isinstance(obj, type) and issubclass(obj, Normalizer) and _REGISTRY.get(obj.name) is not obj:
                register(obj)
        except Exception as exc:  # an import error, a taken name: reported, never raised here
            problems.append(f"plugin {ep.name!r} ({ep.value}) of group {ENTRY_POINT_GROUP}: "
                            f"{type(exc).__name__}: {exc}")
    _ENTRY_POINT_PROBLEMS.extend(problems)
    return problems


def get_normalizer(name: str) -> type[Normalizer]:
    """The class registered as ``name``; an unknown name is first looked for among the
    installed plugins (:func:`load_entry_points`)."""
    if name not in _REGISTRY:
        load_entry_points()
        if name not in _REGISTRY:
            extra = "".join(f"; {p}" for p in _ENTRY_POINT_PROBLEMS)
            raise KeyError(f"no normalizer named {name!r}; known: {', '.join(sorted(_REGISTRY))}{extra}")
    return _REGISTRY[name]


def registered() -> dict[str, type[Normalizer]]:
    return dict(_REGISTRY)
