"""Pipeline configurations as TOML: what ``--config FILE``, ``--set`` and ``--print-config`` read
and write, usable from scripts as well (:func:`loads`, :func:`dumps`, ``Pipeline.from_toml``).

The format is flat, and every key is optional::

    window = 4000000                  # texts longer than this are cleaned in windows
    steps = ["unicode", "script"]     # the full order of the steps (default: the default pipeline's)
    skip = ["numerals"]               # steps taken out of that order
    [options.script]                  # the options of one step, by name
    target = "zh-TW"

A configuration is laid over a *base* pipeline (by default :meth:`Pipeline.default`): a step
keeps the options the base gave it unless the file sets them. :func:`dumps` writes every
option of every step, so that a printed configuration rebuilds the very same pipeline
whatever the base: ``loads(dumps(p)) == p``. Every mistake is a :class:`ConfigError` that
names the file and the key; a value of the wrong type repeats the normalizer's own
:class:`~cnpolicytext.core.OptionError` message.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import sys
from collections.abc import Mapping
from typing import Any

import regex

from .core import Normalizer, OptionError, get_normalizer, registered
from .pipeline import Pipeline

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["ConfigError", "apply", "assign", "describe", "dumps", "load", "loads", "parse_value"]

#: The top-level keys of a configuration file.
KEYS = ("window", "steps", "skip", "options")


class ConfigError(ValueError):
    """A configuration that cannot be used; the message names the file (or ``--set``) and key."""


# -- reading ---------------------------------------------------------------------------------
def load(path: str, *, base: Pipeline | None = None) -> Pipeline:
    """The pipeline the TOML file at ``path`` describes, laid over ``base``."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 (byte {exc.start}); TOML files are UTF-8") from None
    return loads(text, base=base, source=path)


def loads(text: str, *, base: Pipeline | None = None, source: str = "<config>") -> Pipeline:
    """The pipeline the TOML ``text`` describes, laid over ``base``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    return apply(data, base=base, source=source)


def _unknown_step(name: str, source: str, key: str) -> ConfigError:
    known = list(registered())
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(sorted(known))}"
    return ConfigError(f"{source}: {key}: no normalizer named {name!r} ({hint})")


def _step_class(name: str, source: str, key: str) -> type[Normalizer]:
    try:
        return get_normalizer(name)  # installed plugins are looked up on a miss
    except KeyError:
        raise _unknown_step(name, source, key) from None


def _names(value: Any, source: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: {key}: takes an array of step names, not {value!r}")
    for name in value:
        _step_class(name, source, key)
    return list(value)


def apply(data: Mapping[str, Any], *, base: Pipeline | None = None, source: str = "<config>") -> Pipeline:
    """Lay a parsed configuration (the mapping a TOML file gives) over ``base``."""
    pipeline = base if base is not None else Pipeline.default()
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise ConfigError(f"{source}: unknown key {unknown[0]!r} (a configuration has {', '.join(KEYS)})")
    window = data.get("window", pipeline.window)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ConfigError(f"{source}: window: takes a positive number of characters, not {window!r}")
    steps = list(pipeline.steps)
    if "steps" in data:
        names = _names(data["steps"], source, "steps")
        # A step of the base keeps its options; a step new to the order starts from its defaults.
        pool: dict[str, list[Normalizer]] = {}
        for s in steps:
            pool.setdefault(s.name, []).append(s)
        steps = [pool[n].pop(0) if pool.get(n) else _build(get_normalizer(n), {}, source, "steps")
                 for n in names]
    if "skip" in data:
        skip = set(_names(data["skip"], source, "skip"))
        steps = [s for s in steps if s.name not in skip]
    options = data.get("options", {})
    if not isinstance(options, Mapping):
        raise ConfigError(f"{source}: options: takes tables [options.STEP], not {options!r}")
    for name, opts in options.items():
        key = f"options.{name}"
        if not isinstance(opts, Mapping):
            raise ConfigError(f"{source}: {key}: takes a table of options, not {opts!r}")
        _step_class(name, source, key)
        if not any(s.name == name for s in steps):
            raise ConfigError(f"{source}: {key}: {name!r} is not a step of this pipeline "
                              f"(its steps: {', '.join(s.name for s in steps)})")
        steps = [_build(type(s), {**s.options, **opts}, source, key) if s.name == name else s for s in steps]
    return Pipeline(steps, window)


def _build(cls: type[Normalizer], options: Mapping[str, Any], source: str, key: str) -> Normalizer:
    try:
        return cls(**options)
    except OptionError as exc:
        raise ConfigError(f"{source}: {key}: {exc}") from None
    except (ValueError, TypeError) as exc:  # a normalizer's own check of a value
        raise ConfigError(f"{source}: {key}: {exc}") from None


def parse_value(text: str) -> Any:
    """A ``--set`` value: TOML value syntax (``true``, ``3``, ``"a b"``, ``["x", "y"]``);
    a bare word that is no TOML value (``zh-TW``) is taken as a string."""
    try:
        return tomllib.loads(f"v = {text}")["v"] if "\n" not in text else text
    except tomllib.TOMLDecodeError as exc:
        if text.lstrip()[:1] in ("[", "{", '"', "'"):  # meant as TOML: say what is wrong
            raise ConfigError(f"not a TOML value: {text!r} ({exc})") from None
        return text


def assign(pipeline: Pipeline, assignment: str, *, source: str = "--set") -> Pipeline:
    """The pipeline with one ``step.option=value`` (or ``window=N``) assignment applied."""
    key, eq, text = assignment.partition("=")
    key = key.strip()
    if not eq or not key:
        raise ConfigError(f"{source} {assignment!r}: takes STEP.OPTION=VALUE (or window=N)")
    try:
        value = parse_value(text.strip())
    except ConfigError as exc:
        raise ConfigError(f"{source} {key}: {exc}") from None
    where = f"{source} {key}"
    if key == "window":
        return apply({"window": value}, base=pipeline, source=source)
    step, dot, option = key.rpartition(".")
    if not dot or not step or not option:
        raise ConfigError(f"{where}: takes STEP.OPTION=VALUE (or window=N)")
    return apply({"options": {step: {option: value}}}, base=pipeline, source=f"{source} {assignment}")


# -- writing ---------------------------------------------------------------------------------
_BARE_KEY = regex.compile(r"[A-Za-z0-9_-]++")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_CONTROL = regex.compile(r"[\x00-\x1f\x7f]")


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _string(text: str) -> str:
    # A literal string reads best for regular expressions (no doubled backslashes).
    if "\\" in text and "'" not in text and not _CONTROL.search(text):
        return f"'{text}'"
    out = "".join(_ESCAPES.get(ch) or (f"\\u{ord(ch):04x}" if _CONTROL.match(ch) else ch) for ch in text)
    return f'"{out}"'


def _value(value: Any, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v, where) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(str(k))} = {_value(v, where)}" for k, v in value.items()) + "}"
    raise ConfigError(f"{where}: a {type(value).__name__} cannot be written as TOML ({value!r})")


def _docs(step: Normalizer) -> dict[str, str]:
    settings = getattr(step, "settings", None)
    if settings is None or not dataclasses.is_dataclass(settings):
        return {}
    return {f.name: f.metadata.get("doc", "") for f in dataclasses.fields(settings)}


def dumps(pipeline: Pipeline) -> str:
    """The whole configuration of ``pipeline`` as TOML: the window, the order of the steps and
    every option of every step (each with its line of documentation), so that
    ``loads(dumps(p)) == p`` whatever the base it is read over."""
    lines = ["# cnpolicytext pipeline configuration (read it with: cnpolicytext clean --config FILE)",
             f"window = {pipeline.window}",
             "steps = " + _value(pipeline.names(), "steps")]
    seen: dict[str, dict[str, Any]] = {}
    for step in pipeline.steps:
        if step.name in seen:
            if seen[step.name] != step.options:
                raise ConfigError(f"options.{step.name}: the step appears twice with different options, "
                                  "which a configuration file cannot say")
            continue
        seen[step.name] = dict(step.options)
        if not step.options:
            continue
        lines += ["", f"[options.{_key(step.name)}]"]
        docs = _docs(step)
        for option, value in step.options.items():
            if docs.get(option):
                lines.append(f"# {docs[option]}")
            lines.append(f"{_key(option)} = {_value(value, f'options.{step.name}.{option}')}")
    return "\n".join(lines) + "\n"


def describe(cls: type[Normalizer]) -> list[tuple[str, str, str, str]]:
    """``(option, type, default as TOML, doc)`` of each option of a normalizer (for ``list``)."""
    options = getattr(cls, "Options", None)
    if options is None or not dataclasses.is_dataclass(options):
        return [(k, type(v).__name__, _value(v, k), "") for k, v in cls.defaults.items()]
    out = []
    for f in dataclasses.fields(options):
        kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
        out.append((f.name, "array" if kind == "tuple" else kind, _value(f.default, f.name), f.metadata.get("doc", "")))
    return out
