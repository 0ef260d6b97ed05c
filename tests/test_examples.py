"""Every input/expected pair of ../shared/spec/examples.jsonl, read at test time."""

from __future__ import annotations

import pytest

from cnpolicytext import clean

from .conftest import example_params


@pytest.mark.parametrize("case", example_params())
def test_shared_example(case):
    assert clean(case["input"]) == case["expected"], case.get("note")
