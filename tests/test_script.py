"""Traditional/Simplified conversion (CONVENTIONS §2, issue 6)."""

from __future__ import annotations

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnpolicytext import Pipeline, clean, clean_with_edits, get_normalizer
from cnpolicytext.script import _load_dict, converter, detect_script

from .conftest import corpus_files, example_params

CONFIGS = ["t2s", "s2t", "s2twp", "s2hk"]
REFERENCE = {c: opencc.OpenCC(c) for c in CONFIGS}


@pytest.mark.parametrize("case", example_params("script"))
def test_shared_examples(case):
    assert clean(case["input"]) == case["expected"]


@pytest.mark.parametrize("config", CONFIGS)
def test_identical_to_the_reference_on_the_corpus(config):
    for path in corpus_files():
        text = path.read_text(encoding="utf-8")
        assert converter(config)(text) == REFERENCE[config].convert(text), path.name


SAMPLES = {
    "t2s": "乾隆年間的乾燥氣候，著名的著作，頭髮發展，後來皇后，臺灣颱風，於是，範圍，一隻隻，麵條，鐘錶，裡面。",
    "s2t": "头发发展，后来皇后，台湾台风，于是，范围，面条，钟表，里面，干燥，干部，乾隆。",
    "s2twp": "软件，硬盘，打印机，信息，网络，鼠标，出租车，自行车。",
    "s2hk": "着落，着数，里面，为什么，床铺，才能。",
}


@pytest.mark.parametrize("config", CONFIGS)
def test_identical_on_samples_of_each_script(config):
    for text in SAMPLES.values():
        assert converter(config)(text) == REFERENCE[config].convert(text)


def _dictionary_tokens(config: str) -> list[str]:
    files = {"t2s": ["TSPhrases.txt", "TSCharacters.txt"], "s2t": ["STPhrases.txt", "STCharacters.txt"],
             "s2twp": ["STPhrases.txt", "TWPhrases.txt", "TWVariants.txt"], "s2hk": ["STPhrases.txt", "HKVariants.txt"]}
    tokens: set[str] = set()
    for f in files[config]:
        mapping = _load_dict(f)[2]
        tokens.update(list(mapping)[:3000])
        tokens.update(list(mapping.values())[:3000])
    return sorted(tokens)


TOKENS = {c: _dictionary_tokens(c) for c in CONFIGS}
FILLER = st.sampled_from(["，", "。", " ", "的", "和", "A", "1", "\n", "、", "“", "”", "——"])


@pytest.mark.parametrize("config", CONFIGS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_identical_on_random_dictionary_text(config, data):
    parts = data.draw(st.lists(st.one_of(st.sampled_from(TOKENS[config]), FILLER), max_size=30))
    text = "".join(parts)
    assert converter(config)(text) == REFERENCE[config].convert(text)


def test_simplified_names_survive_and_traditional_paragraphs_convert():
    simplified = "陕西省乾县的昇腾计算产业园建设。"
    assert clean(simplified) == simplified
    mixed = simplified + "\n氣候乾燥，為此發展節水農業。"
    assert clean(mixed) == simplified + "\n气候干燥，为此发展节水农业。"


def test_script_is_reported_and_conversions_are_edits():
    result = clean_with_edits("為認真貫徹落實\n各单位认真执行。")
    assert result.notes["script"] == "mixed"
    assert any(e.rule.startswith("script.t2s") for e in result.edits)
    assert clean_with_edits("認真貫徹落實").notes["script"] == "Traditional"
    assert detect_script("认真贯彻落实") == "Simplified"
    assert detect_script("abc") == "none"


@pytest.mark.parametrize("target, expected", [
    ("zh-Hant", "軟件發展"), ("zh-TW", "軟體發展"), ("zh-HK", "軟件發展"), ("keep", "软件发展"),
])
def test_targets(target, expected):
    assert Pipeline.default(script=target)("软件发展") == expected


def test_unknown_target_is_a_clear_error():
    with pytest.raises(ValueError, match="zh-TW"):
        get_normalizer("script")(target="klingon")


def test_tracked_and_fast_conversion_agree():
    for path in corpus_files():
        text = path.read_text(encoding="utf-8")
        n = get_normalizer("script")()
        out, edits = n.edits(text)
        assert out == n(text)
