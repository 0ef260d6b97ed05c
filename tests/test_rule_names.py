"""Every rule a normalizer emits is named ``<step>.<rule>`` after the step that emits it.

Audits, ``--explain`` and users' filters group edits by the prefix of their rule: a step
that emitted another step's prefix (as ``paragraphs`` once emitted ``whitespace.paragraph``)
would count its edits against the wrong step. Each step of the default pipeline runs alone
on the text as the steps before it leave it, so that every rule it owns can fire.
"""

from __future__ import annotations

from hypothesis import given, settings

from cnpolicytext import Pipeline

from .strategies import policy_text

DEFAULT = Pipeline.default()

# Sample texts written for this test, one or more per step, each meant to make that step edit.
SAMPLES = [
    "ＡＢＣ１２３％\r\n文本\u200b内容增长8．8％，达到 12 %。",  # unicode
    "為人民服務，與國家發展同步，這是經濟發展的關鍵。",  # script
    "为做好工作，现通知如下： 一、压实责任 各镇要落实责任制。 二、加强排查 各部门要开展排查。",  # paragraphs
    "首页 > 政务公开 > 通知公告\n发布时间：2024-01-01\n<p>正文内容&nbsp;如下。</p>\n打印本页 关闭窗口",  # boilerplate
    "- 3 -\n各级人民政府应当加强组织领导，\n统筹推进各项工作。第3页 共10页\n",  # pagebreak
    "我们要加强(管理),推进工作...  他说:\"好\"。 要求--明确",  # punctuation
    "  第一章 总则  \n\n\n中 国 人民政府\n",  # whitespace
    "工作要求如下。(一)加强领导。\n1、明确责任\n一.总体要求\n①落实到位",  # numbering
    "二〇二四年三月五日，增长百分之三十，规划期为2011-2015年。",  # numerals
]


def _rules_by_step(text: str) -> dict[str, set[str]]:
    """The rules each step emits, run alone on what the steps before it made of ``text``."""
    found: dict[str, set[str]] = {}
    for k, step in enumerate(DEFAULT.steps):
        before = Pipeline(DEFAULT.steps[:k]).clean(text) if k else text
        result = Pipeline([step]).run(before)
        found.setdefault(step.name, set()).update(e.rule for e in result.edits)
        found[step.name].update(w.split(":", 1)[0] for w in result.warnings if "." in w.split(":", 1)[0])
    return found


def _misnamed(found: dict[str, set[str]]) -> list[tuple[str, str]]:
    return [(name, rule) for name, rules in found.items() for rule in rules if not rule.startswith(name + ".")]


def test_each_step_names_its_rules_after_itself():
    seen: dict[str, set[str]] = {}
    for text in SAMPLES:
        for name, rules in _rules_by_step(text).items():
            seen.setdefault(name, set()).update(rules)
    assert _misnamed(seen) == []
    # The samples reach every step of the default pipeline, so the check above means something.
    assert [name for name in DEFAULT.names() if not seen.get(name)] == []


def test_the_flattened_text_splits_are_paragraphs_rules():
    found = _rules_by_step(SAMPLES[2])
    assert found["paragraphs"] == {"paragraphs.before_marker", "paragraphs.after_sentence", "paragraphs.after_heading"}


@settings(max_examples=60, deadline=None)
@given(policy_text)
def test_generated_texts_keep_the_rule_names(text):
    assert _misnamed(_rules_by_step(text)) == []
