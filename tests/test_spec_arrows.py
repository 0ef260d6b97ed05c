"""Every `input` → `output` example written into ../shared/spec/CONVENTIONS.md, read at test time."""

from __future__ import annotations

import re

import pytest

from cnpolicytext import clean

from .conftest import SHARED

SPEC = SHARED / "spec" / "CONVENTIONS.md"
PAIRS = re.findall(r"`([^`]+)`\s*→\s*`([^`]*)`", SPEC.read_text(encoding="utf-8")) if SPEC.exists() else []


@pytest.mark.skipif(not PAIRS, reason="../shared/spec is not beside the checkout")
@pytest.mark.parametrize("raw, expected", PAIRS or [("", "")])
def test_conventions_example(raw, expected):
    assert clean(raw.replace("\\n", "\n")) == expected.replace("\\n", "\n")
