"""cnpolicytext: clean, faithful, machine-ready text from noisy Chinese policy documents.

>>> from cnpolicytext import clean
>>> clean("截止 2009 年底,我市科技人员数 远远低于平均水平。")
'截止2009年底，我市科技人员数远远低于平均水平。'
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

from .core import Alignment, Context, Edit, Normalizer, get_normalizer, register, registered
from .normalizers import MODULES
from .pipeline import DEFAULT_STEPS, CleanResult, Pipeline

__version__ = "0.1.0"

def load_all() -> None:
    """Import every built-in normalizer module (:mod:`cnpolicytext.normalizers`) so that
    each registers itself."""
    for mod in MODULES:
        importlib.import_module(f".normalizers.{mod}", __name__)


load_all()


@lru_cache(maxsize=32)
def _pipeline(options: tuple[tuple[str, Any], ...]) -> Pipeline:
    return Pipeline.default(**dict(options))


def _key(options: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in options.items()))


def clean(text: str, **options: Any) -> str:
    """Clean one text with the default pipeline (options as :meth:`Pipeline.default`)."""
    if not isinstance(text, str):
        raise TypeError(f"clean() takes str, not {type(text).__name__}; decode bytes with cnpolicytext.reader")
    return _pipeline(_key(options)).clean(text)


def clean_with_edits(text: str, **options: Any) -> CleanResult:
    """Clean one text and return a :class:`CleanResult` with every edit and the offset map."""
    if not isinstance(text, str):
        raise TypeError(f"clean_with_edits() takes str, not {type(text).__name__}")
    return _pipeline(_key(options)).run(text)


def outline(text: str, **options: Any) -> Any:
    """The heading tree of a document (see :mod:`cnpolicytext.headings`)."""
    from .headings import build_outline

    return build_outline(text, _pipeline(_key(options)))


__all__ = [
    "DEFAULT_STEPS",
    "Alignment",
    "CleanResult",
    "Context",
    "Edit",
    "Normalizer",
    "Pipeline",
    "clean",
    "clean_with_edits",
    "get_normalizer",
    "load_all",
    "outline",
    "register",
    "registered",
]
