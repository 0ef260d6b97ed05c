"""The edit model: alignment composition, the normalizer base class, registry, pipelines."""

from __future__ import annotations

import json
import pickle

import pytest

from cnpolicytext import Normalizer, Pipeline, clean, clean_with_edits, get_normalizer, register, registered
from cnpolicytext.core import Alignment, Context, Edit, apply_edits


def compose_all(text: str, steps: list[list[Edit]]) -> tuple[str, Alignment]:
    align = Alignment()
    for edits in steps:
        align.compose(edits)
        text = apply_edits(text, edits)
    return text, align


def test_apply_edits_rejects_overlaps():
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Edit(0, 3, "x", "r"), Edit(2, 4, "y", "r")])


def test_compose_keeps_disjoint_edits_apart():
    raw = "ab cd ef"
    clean, align = compose_all(raw, [[Edit(2, 3, "", "a")], [Edit(4, 5, "", "b")]])
    assert clean == "abcdef"
    assert [(g.raw_start, g.raw_end, g.clean_start, g.clean_end) for g in align.segments] == [
        (2, 3, 2, 2), (5, 6, 4, 4)]


def test_compose_merges_an_edit_of_an_edit():
    raw = "a,b"
    # step 1 widens the comma, step 2 replaces the widened comma again
    clean, align = compose_all(raw, [[Edit(1, 2, "，", "p")], [Edit(0, 3, "X", "q")]])
    assert clean == "X"
    (seg,) = align.segments
    assert (seg.raw_start, seg.raw_end, seg.clean_start, seg.clean_end) == (0, 3, 0, 1)
    assert seg.rules == ("p", "q")


def test_insertion_and_deletion_map_both_ways():
    raw = "一二三四"
    clean, align = compose_all(raw, [[Edit(1, 1, "\n", "ins"), Edit(2, 3, "", "del")]])
    assert clean == "一\n二四"
    assert align.to_clean(0) == 0 and align.to_clean(3) == 3 and align.to_clean(4) == 4
    assert align.to_raw(3, "right") == 3 and align.to_raw(3, "left") == 2  # 三 was deleted there
    assert align.to_raw(1, "left") == 1 and align.to_raw(2, "right") == 1


def test_alignment_json_round_trip():
    _, align = compose_all("a b c", [[Edit(1, 2, "", "ws")], [Edit(2, 3, "X", "up")]])
    again = Alignment.from_json(json.loads(json.dumps(align.to_json())))
    assert again.to_json() == align.to_json()


def test_result_edits_serialise_and_replay():
    raw = "截止 2009 年底,我市科技人员数 远远低于平均水平。"
    result = clean_with_edits(raw)
    data = json.loads(result.to_json())
    edits = [Edit.from_dict(e) for e in data["edits"]]
    assert apply_edits(raw, edits) == result.text == clean(raw)
    assert result.verify()
    assert {e.rule for e in edits} >= {"whitespace.stray", "punctuation.fullwidth"}


def test_byte_offsets():
    result = clean_with_edits("通 知a")
    assert result.raw_byte_offset(2) == 4  # "通 " is 3 + 1 bytes
    assert result.clean_byte_offset(2) == 6


def test_unknown_option_is_a_clear_error():
    with pytest.raises(TypeError, match="unknown option"):
        Pipeline([{"name": "whitespace", "options": {"indnet": True}}])


def test_unknown_normalizer_names_the_known_ones():
    with pytest.raises(KeyError, match="whitespace"):
        Pipeline(["whitspace"])


def test_pipeline_config_round_trip_and_pickle():
    p = Pipeline.default(script="zh-TW", counts=True)
    again = Pipeline.from_config(json.loads(json.dumps(p.config())))
    assert again == p
    assert pickle.loads(pickle.dumps(p)) == p
    text = "二○一○年,十五个項目"
    assert again(text) == p(text)


def test_skip_and_only():
    p = Pipeline.default(skip=["punctuation"])
    assert "punctuation" not in p.names()
    assert p("精神,结合") == "精神,结合"
    only = Pipeline.default(only=["whitespace"])
    assert only.names() == ["whitespace"]
    assert only("精神 ,结合") == "精神,结合"


def test_user_normalizer_plugs_in_by_name():
    @register
    class Shout(Normalizer):
        name = "test_shout"
        summary = "upper-case Latin letters"

        def run(self, text: str, ctx: Context) -> str:
            return ctx.sub(__import__("regex").compile("[a-z]+"), lambda m: m.group().upper(), text,
                           "test_shout.upper")

    try:
        assert "test_shout" in registered()
        p = Pipeline(["whitespace", "test_shout"])
        result = p.run("ab 中文")
        assert result.text == "AB中文"
        assert [(e.start, e.end, e.replacement, e.rule) for e in result.edits] == [
            (0, 2, "AB", "test_shout.upper"), (2, 3, "", "whitespace.stray")]
        assert Shout()("abc") == "ABC"  # a plain str -> str callable
        assert Pipeline.from_config(p.config()) == p
    finally:
        from cnpolicytext import core

        core._REGISTRY.pop("test_shout", None)


def test_clean_rejects_bytes():
    with pytest.raises(TypeError, match="str"):
        clean(b"abc")  # type: ignore[arg-type]


def test_normalizer_edits_are_in_its_own_input_offsets():
    from cnpolicytext import get_normalizer

    ws = get_normalizer("whitespace")()
    out, edits = ws.edits("  工 业化  \n\n\n下一段")
    assert out == "工业化\n下一段"
    assert apply_edits("  工 业化  \n\n\n下一段", edits) == out


def test_docstring_examples():
    import doctest

    import cnpolicytext
    import cnpolicytext.markup
    import cnpolicytext.pipeline

    for module in (cnpolicytext, cnpolicytext.pipeline, cnpolicytext.markup):
        failures, tried = doctest.testmod(module)
        assert tried and not failures, module.__name__


def test_a_result_round_trips_through_json():
    from cnpolicytext import CleanResult

    raw = "  (一)以企業為主體, 市場為導向。\n\n二○一○年四月二十九日"
    result = clean_with_edits(raw)
    again = CleanResult.from_dict(raw, json.loads(result.to_json()))
    assert again.text == result.text and again.edits == result.edits
    for i in range(len(raw) + 1):
        assert again.to_clean(i) == result.to_clean(i)
    for j in range(len(result.text) + 1):
        assert again.to_raw(j, "right") == result.to_raw(j, "right")
    with pytest.raises(ValueError):
        CleanResult.from_dict(raw + "x", json.loads(result.to_json()))


def test_options_are_typed_and_checked_when_a_normalizer_is_built():
    import dataclasses

    from cnpolicytext.core import OptionError

    whitespace = get_normalizer("whitespace")
    assert [f.name for f in dataclasses.fields(whitespace.Options)] == ["indent"]
    assert dataclasses.fields(whitespace.Options)[0].type is bool
    with pytest.raises(OptionError, match="'indent' takes bool, not 'no'"):
        whitespace(indent="no")  # a truthy string must not indent
    with pytest.raises(OptionError, match="unknown option"):
        whitespace(indnet=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        whitespace().settings.indent = True  # type: ignore[misc]
    numerals = get_normalizer("numerals")(protected=["十四五"])  # JSON gives lists
    assert numerals.options["protected"] == ("十四五",)
    assert numerals == get_normalizer("numerals")(protected=("十四五",))


def test_the_configuration_keeps_the_window():
    p = Pipeline(Pipeline.default(skip=["numerals"]).steps, window=5000)
    config = json.loads(json.dumps(p.config()))
    assert config["window"] == 5000
    again = Pipeline.from_config(config)
    assert again == p and again.window == 5000
    assert Pipeline.from_config(config["steps"]).window != 5000  # a bare step list: the default window
    with pytest.raises(ValueError, match="positive"):
        Pipeline(["unicode"], window=0)


def test_register_refuses_to_replace_a_normalizer_unless_asked():
    from cnpolicytext import Normalizer, register

    class Impostor(Normalizer):
        name = "whitespace"

        def run(self, text, ctx):
            return text

    original = get_normalizer("whitespace")
    with pytest.raises(ValueError, match="registered already"):
        register(Impostor)
    assert get_normalizer("whitespace") is original
    try:
        register(replace=True)(Impostor)
        assert get_normalizer("whitespace") is Impostor
    finally:
        register(replace=True)(original)


def test_every_option_of_every_built_in_normalizer_is_documented():
    import dataclasses

    for name, cls in registered().items():
        if not cls.__module__.startswith("cnpolicytext."):
            continue  # a user normalizer registered by another test
        for f in dataclasses.fields(cls.Options):
            assert f.metadata["doc"], f"{name}.{f.name} has no option_docs line"
