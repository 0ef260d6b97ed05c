from __future__ import annotations

import json
from pathlib import Path

import pytest

from . import hypothesis_profiles  # noqa: F401  (HYPOTHESIS_PROFILE=ci|dev|fuzz)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
EXAMPLES = SHARED / "spec" / "examples.jsonl"


def load_examples(category: str | None = None) -> list[dict]:
    if not EXAMPLES.exists():
        return []
    cases = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [c for c in cases if category is None or c["category"] == category]


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) if CORPUS.exists() else []


needs_shared = pytest.mark.skipif(not EXAMPLES.exists(), reason="../shared is not beside the checkout")
needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not beside the checkout")


def example_params(category: str | None = None):
    cases = load_examples(category)
    if not cases:
        return [pytest.param(None, marks=pytest.mark.skip(reason="no shared examples"))]
    return [pytest.param(c, id=c["id"]) for c in cases]


def corpus_doc(prefix: str) -> str:
    """The corpus document whose name starts with ``prefix`` (the test skips without it)."""
    matches = sorted(CORPUS.glob(f"{prefix}_*.txt")) if CORPUS.exists() else []
    if not matches:
        pytest.skip("no shared corpus")
    return matches[0].read_text(encoding="utf-8")
