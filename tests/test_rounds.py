"""Rounds that skip steps give what running every step every round gives (issue 13).

The pipeline skips a step while the text is what that step left and its last run changed
nothing, or, for a step that declares itself ``idempotent``, while the text is what it left.
Both are exact only if the declarations hold: each built-in that says it is idempotent is
checked here on its own, and the whole pipeline against a reference that runs every step
every round, with tracking on and off, warnings included.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cnpolicytext import Pipeline, load_all
from cnpolicytext.core import Context, Normalizer, register, registered

from .strategies import policy_text, text_with_long_runs

load_all()
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def every_step_every_round(pipeline: Pipeline, text: str, ctx: Context) -> str:
    """The rounds as they were before steps could be skipped: the reference."""
    for _ in range(pipeline.max_rounds):
        ctx.warnings.clear()
        before = text
        for step in pipeline.steps:
            text = step.run(text, ctx)
        if text == before:
            break
    return text


IDEMPOTENT = sorted(name for name, cls in registered().items() if cls.idempotent)
#: Each idempotent built-in with its defaults, and with the options that change what it does.
VARIANTS = [(name, {}) for name in IDEMPOTENT] + [
    ("numerals", {"counts": True}), ("whitespace", {"indent": True}), ("script", {"target": "zh-TW"}),
    ("script", {"target": "zh-HK"}), ("numbering", {"split": False}), ("unicode", {"fullwidth": False}),
]


def test_some_builtins_declare_themselves_idempotent():
    assert IDEMPOTENT, "no built-in declares itself idempotent: every round re-runs every step that changed"


# Pieces whose combinations one step may only finish in a second run (a range of years
# written in Chinese numerals, a date beside a percentage, markers beside sentence ends).
_PIECES = st.sampled_from([
    "二〇二四", "二〇二五年", "二○一○年", "四月", "二十九日", "-", "—", "－", "至", "年", "月", "日", "百分之",
    "三十", "点五", "十一五", "一是", "。", "：", "；", "，", " ", "\u3000", "\n", "一、", "（二）", "3.", "①",
    "第五条", "2024", "2025年", "字", "發展", "為", "(", ")", "'", '"', "...", "# ", "- ",
])
_domain_text = st.lists(_PIECES, max_size=30).map("".join)


@pytest.mark.parametrize(("name", "options"), VARIANTS,
                         ids=[name + "".join(f"-{k}={v}" for k, v in options.items()) for name, options in VARIANTS])
@_SETTINGS
@given(text=policy_text | _domain_text)
@example(text="二〇二四-二〇二五年行动计划")  # numerals wrote the years, then a second run the —
def test_a_step_that_says_it_is_idempotent_is(name, options, text):
    step = registered()[name](**options)
    once = step.run(text, Context())
    assert step.run(once, Context()) == once


@_SETTINGS
@given(text=policy_text | text_with_long_runs | _domain_text)
def test_skipping_rounds_gives_the_output_of_running_every_step(text):
    pipeline = Pipeline.default()
    assert pipeline.clean(text) == every_step_every_round(pipeline, text, Context())


@_SETTINGS
@given(text=policy_text | _domain_text)
def test_skipping_rounds_keeps_edits_and_warnings(text):
    pipeline = Pipeline.default()
    reference = Context(track=True)
    expected = every_step_every_round(pipeline, text, reference)
    result = pipeline.run(text)
    assert result.text == expected
    assert result.warnings == reference.warnings
    assert [(g.raw_start, g.raw_end, g.clean_start, g.clean_end) for g in result.alignment.segments] == \
        [(g.raw_start, g.raw_end, g.clean_start, g.clean_end) for g in reference.alignment.segments]


def test_a_step_not_declared_idempotent_runs_again_after_it_changed_the_text():
    """A user step that shortens a run of x by one each time needs one run per x: it is not
    idempotent and does not say so, so the pipeline keeps running it while it changes."""

    @register(replace=True)
    class ShrinkX(Normalizer):
        name = "test_shrink_x"

        def run(self, text: str, ctx: Context) -> str:
            return text.replace("xx", "x", 1)

    pipeline = Pipeline(["test_shrink_x"])
    assert pipeline.clean("axxxxb") == "axb"  # three runs, three rounds


def test_a_clean_document_costs_one_run_of_each_step():
    calls: list[str] = []

    @register(replace=True)
    class Count(Normalizer):
        name = "test_count_runs"

        def run(self, text: str, ctx: Context) -> str:
            calls.append(text)
            return text

    Pipeline(["unicode", "test_count_runs", "whitespace"]).clean("一段干净的文字。")
    assert len(calls) == 1
    calls.clear()
    # a change by a later step makes an earlier one run again, on the changed text
    Pipeline(["test_count_runs", "whitespace"]).clean("一段  文字。   \n")
    assert len(calls) == 2 and calls[1] != calls[0]
