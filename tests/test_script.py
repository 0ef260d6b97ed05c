"""Traditional/Simplified conversion (CONVENTIONS §2, issue 6)."""

from __future__ import annotations

import dataclasses
import os
import unicodedata
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnpolicytext import Pipeline, clean, clean_with_edits, get_normalizer
from cnpolicytext.core import apply_edits
from cnpolicytext.normalizers import script
from cnpolicytext.normalizers.script import _load_dict, converter, detect_script, simplified_chars

from .conftest import corpus_files, example_params
from .strategies import HAN
from .strategies_runs import simplified_with_rare

#: The packaged 通用规范汉字表 (2013), read as a file.
TGH = Path(script.__file__).parents[1] / "data" / "tgh_2013.txt"

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


@pytest.mark.parametrize("config", CONFIGS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_tracked_conversion_makes_the_same_text(config, data):
    # Tracked conversion finds the runs of mapped characters through a mask of the text in
    # which each becomes \x01: the text's own \x00 and \x01 must not be taken for them.
    parts = data.draw(st.lists(st.one_of(st.sampled_from(TOKENS[config]), FILLER,
                                         st.sampled_from(["\x00", "\x01", "\U00020000"])), max_size=30))
    text = "".join(parts)
    out, edits = converter(config).convert_tracked(text)
    assert out == converter(config)(text) == apply_edits(text, edits)
    # The edits alone, of a line held at an offset of a longer text, are the same, shifted.
    head = data.draw(FILLER)
    assert converter(config).edits(text, len(head)) == [
        dataclasses.replace(e, start=e.start + len(head), end=e.end + len(head)) for e in edits]
    if len(converter(config).stages) == 1:
        # (A chain of stages can map a character and map it back: 七台 in s2hk.)
        assert all(text[e.start:e.end] != e.replacement for e in edits)


def test_simplified_names_survive_and_traditional_paragraphs_convert():
    simplified = "陕西省乾县的昇腾计算产业园建设。"
    assert clean(simplified) == simplified
    mixed = simplified + "\n氣候乾燥，為此發展節水農業。"
    assert clean(mixed) == simplified + "\n气候干燥，为此发展节水农业。"


def test_script_is_reported_and_conversions_are_edits():
    result = clean_with_edits("為認真貫徹落實工作部署，現將有關事項通知如下。\n各单位要认真执行本通知的各项要求。")
    assert result.notes["script"] == "mixed"
    assert any(e.rule.startswith("script.t2s") for e in result.edits)
    assert clean_with_edits("認真貫徹落實").notes["script"] == "Traditional"
    assert detect_script("认真贯彻落实") == "Simplified"
    assert detect_script("abc") == "none"


# -- evidence, not one character (§2, issue 12) ---------------------------------------
def test_the_table_is_the_8105_characters_of_2013():
    chars = simplified_chars()
    assert len(chars) == 8105
    assert all(unicodedata.name(c).startswith("CJK UNIFIED IDEOGRAPH") for c in chars)
    assert {"乾", "昇", "于", "𫫇", "锺"} <= chars and not {"為", "們", "濛", "噁", "鍾"} & chars
    # Its first characters, in the order of the table's index (一级字表 starts 一乙二十丁厂七).
    body = [line for line in TGH.read_text("utf-8").splitlines()
            if not line.startswith("#")]
    assert body[0].startswith("一乙二十丁厂七") and sum(map(len, body)) == 8105


UNIHAN = Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")


@pytest.mark.skipif(not UNIHAN.exists(), reason="Debian's unicode-data is not installed")
def test_the_table_is_what_unihan_ktgh_lists():
    import bz2

    rows = []
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as lines:
        for line in lines:
            if "\tkTGH\t" in line:
                code, _, value = line.rstrip("\n").split("\t")
                rows.append((int(value.split(":")[1]), chr(int(code[2:], 16))))
    body = [line for line in TGH.read_text("utf-8").splitlines()
            if not line.startswith("#")]
    assert "".join(body) == "".join(c for _, c in sorted(rows))


@pytest.mark.parametrize("text", [
    "濛溪河流域综合治理工程已全面完工。",
    "严格控制二噁英排放，加强垃圾焚烧监管。",
    "陕西省乾县加快发展现代农业。",
    "昇腾人工智能产业创新中心正式揭牌。",
    "二噁英与濛溪河水质监测",  # two rare words in a short Simplified line (与, 质, 监, 测)
    "各地区要加强监测。\n濛溪河\n\n二噁英和濛溪河\n乾县\n昇腾",  # lines that are only names
])
def test_simplified_paragraphs_keep_rare_characters(text):
    assert get_normalizer("script")()(text) == text
    assert not any(e.rule.startswith("script") for e in clean_with_edits(text).edits)


def test_a_text_with_nothing_simplified_in_it_is_traditional():
    # 發布: one Traditional-only character, and no character that only Simplified writing uses.
    assert get_normalizer("script")()("發布") == "发布"
    assert get_normalizer("script")()("發布，请关注") == "發布，请关注"  # 关, 注: 关 is Simplified-only


def test_a_short_line_follows_its_document():
    trad = "各級人民政府應當加強對農業發展工作的領導，為農民增收創造條件。"
    assert clean(trad + "\n於是") == "各级人民政府应当加强对农业发展工作的领导，为农民增收创造条件。\n于是"
    # A short Traditional heading is converted by its own evidence, even in a Simplified text.
    assert clean("第一个五年计划执行情况的报告。\n三、第一個五年計劃的若幹問題") == \
        "第一个五年计划执行情况的报告。\n三、第一个五年计划的若干问题"
    # A short line of Simplified text beside a Traditional paragraph keeps its characters.
    assert clean(trad + "\n陕西省乾县昇腾产业园").endswith("\n陕西省乾县昇腾产业园")
    # A Simplified document is not converted by a short line with two rare words.
    simplified = "各级人民政府应当加强对农业发展工作的领导，为农民增收创造条件。"
    assert clean(simplified + "\n濛溪河二噁英") == simplified + "\n濛溪河二噁英"


# Words Simplified writing uses whose characters t2s would map: table characters (乾 昇 於 甦 陞 蒐 夥
# 瞭 徵) and the two rare ones outside it that §2 names (濛, 噁).
RARE_WORDS = ["濛溪河", "二噁英", "乾县", "昇腾", "於潜", "甦醒", "陞任", "蒐集", "夥伴", "瞭望", "乾隆", "徵求"]
SIMPLIFIED_SENTENCES = ["各级人民政府要加强领导。", "严格控制污染物排放，", "推进经济社会发展，", "这是一项长期任务。"]
SIMPLIFIED_TEXT = st.text(st.sampled_from(HAN + "，。、；：“”（）0123456789"), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SIMPLIFIED_SENTENCES),
       st.lists(st.one_of(SIMPLIFIED_TEXT, st.sampled_from(RARE_WORDS), st.sampled_from(SIMPLIFIED_SENTENCES),
                          st.sampled_from(["\n", "\n\n"])), min_size=1, max_size=30),
       st.randoms(use_true_random=False))
def test_simplified_text_with_rare_words_passes_untouched(first, parts, rnd):
    parts.insert(rnd.randrange(len(parts) + 1), first)  # somewhere, a sentence of Simplified text
    text = "".join(parts)
    normalizer = get_normalizer("script")()
    out, edits = normalizer.edits(text)
    assert out == text and edits == []


TRADITIONAL_SENTENCES = [
    "為認真貫徹落實黨中央、國務院的決策部署，",
    "現將有關事項通知如下。",
    "各級政府要進一步加強領導，",
    "堅持以經濟建設為中心，",
    "推動農業現代化和鄉村振興。",
    "乾隆年間的乾燥氣候，",
    "於是我們開會討論，",
    "頭髮發展，後來皇后，",
    "臺灣颱風過後，",
    "鐘錶廠的麵條裡面，",
    "這是偉大的轉變的一年。",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.one_of(st.sampled_from(TRADITIONAL_SENTENCES), st.sampled_from(TOKENS["t2s"])),
                         min_size=1, max_size=6).map(lambda xs: "".join(xs)), min_size=1, max_size=8),
       st.sampled_from(["\n", "\n\n"]))
def test_traditional_paragraphs_convert_exactly_as_t2s(paragraphs, sep):
    # Each paragraph opens with a sentence of running Traditional text.
    text = sep.join(TRADITIONAL_SENTENCES[i % len(TRADITIONAL_SENTENCES)] + p for i, p in enumerate(paragraphs))
    assert get_normalizer("script")()(text) == REFERENCE["t2s"].convert(text)


def test_a_long_run_of_phrases_converts_without_recursion():
    text = "為" + "鍊鎖" * 1000
    assert converter("t2s")(text) == "为" + "链锁" * 1000
    short = "為" + "鍊鎖" * 200
    assert converter("t2s")(short) == REFERENCE["t2s"].convert(short)
    assert clean(text) == "为" + "链锁" * 1000


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
        out, _ = n.edits(text)
        assert out == n(text)


@settings(max_examples=100, deadline=None)
@given(simplified_with_rare)
def test_no_script_edit_on_simplified_text_through_the_pipeline(text):
    assert not any(e.rule.startswith("script") for e in clean_with_edits(text).edits)


def test_conversion_does_not_depend_on_the_installed_opencc_module(tmp_path):
    """The dictionaries ship inside the package: a broken or foreign module named ``opencc``
    (the official binding installed over the reimplementation, or removed) changes nothing."""
    import subprocess
    import sys

    fake = tmp_path / "opencc"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ImportError('this is not the opencc you are looking for')\n")
    code = ("import cnpolicytext, sys; "
            "sys.stdout.write(cnpolicytext.clean('為人民服務，與國家發展同步。', script='zh-Hans') + '|' "
            "+ cnpolicytext.clean('为人民服务', script='zh-TW'))")
    src = Path(script.__file__).resolve().parents[2]
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                       env={"PYTHONPATH": f"{tmp_path}{os.pathsep}{src}", "PATH": os.environ.get("PATH", "")})
    assert r.returncode == 0, r.stderr
    expected = REFERENCE["t2s"].convert("為人民服務，與國家發展同步。") + "|" + REFERENCE["s2twp"].convert("为人民服务")
    assert r.stdout == expected


def test_a_quoted_traditional_title_converts_alone():
    """A Simplified paragraph that quotes a Traditional title or name converts the quotes
    only: its own characters (乾县, 濛阳) stay, and so do its neighbours'."""
    line = "乾县档案馆收藏《國語日報》和『聯合報』等资料共三百余册。"
    quoted = clean_with_edits(line + "\n濛阳镇开展二噁英排放检测。")
    assert quoted.text == "乾县档案馆收藏《国语日报》和‘联合报’等资料共三百余册。\n濛阳镇开展二噁英排放检测。"
    assert all(line.index("《") <= e.start < line.index("』") for e in quoted.edits if e.rule.startswith("script"))
    # The rest of the line is Traditional by its own evidence (檔, 館, 書): the line converts whole.
    assert clean("乾县檔案館藏書《國語日報》等资料") == REFERENCE["t2s"].convert("乾县檔案館藏書《國語日報》等资料")
    # Too little outside the quotes to judge the rest apart: the line converts whole.
    assert clean("乾县收《國語日報》") == REFERENCE["t2s"].convert("乾县收《國語日報》")


def test_a_traditional_line_quoting_a_title_converts_whole():
    """A rest of characters that both scripts write (於, 實施, 公布) shows nothing of the
    Simplified script: the line, Traditional by its quote, converts whole, and its short
    neighbour follows the block as before; none of 於, 實, 說 is left in Simplified output."""
    line = "本府於今年三月十五日正式公布實施《臺灣地區與大陸地區人民關係條例》修正草案全文"
    assert clean(line) == clean(REFERENCE["t2s"].convert(line))
    text = "主旨：本府於今年三月公布《臺灣地區與大陸地區人民關係條例》修正草案\n說明：自即日起施行"
    assert clean(text) == REFERENCE["t2s"].convert(text)
    assert clean("本局於三月十五日公布《國家賠償法》") == "本局于3月15日公布《国家赔偿法》"


def test_a_simplified_neighbour_of_a_quoting_line_keeps_its_characters():
    """The evidence in a quoted title is the title's, not the block's: a Simplified line
    beside it (县, 综, 经) keeps 乾县 and 濛溪河, and so does a line that cannot tell
    beside a line that is not Traditional but by its quotes."""
    text = "本地古村落收藏《國語日報》\n乾县濛溪河流域综合治理工程已经完工。"
    assert clean(text) == "本地古村落收藏《国语日报》\n乾县濛溪河流域综合治理工程已经完工。"
    line = "各级人民政府要加强领导。《國語日報》" + "一" * 23 + "濛溪河"
    out = get_normalizer("script")()(line + "\n濛溪河")
    assert out.endswith("濛溪河\n濛溪河")


def test_a_quoted_title_in_a_traditional_document_converts_with_its_line():
    trad = "為認真貫徹落實黨中央、國務院的決策部署，現將有關事項通知如下。"
    text = trad + "\n行政院乾隆年刊印《毛澤東選集》\n" + trad
    assert clean(text) == REFERENCE["t2s"].convert(text)


TRADITIONAL_TITLES = ["《國語日報》", "《毛澤東選集》", "“某某書院圖書館”", "「臺灣關係條例」", "『聯合報導』"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SIMPLIFIED_SENTENCES), st.sampled_from(TRADITIONAL_TITLES),
       st.lists(st.one_of(SIMPLIFIED_TEXT, st.sampled_from(RARE_WORDS), st.sampled_from(["\n", "\n\n"])),
                max_size=12),
       st.randoms(use_true_random=False))
def test_simplified_text_quoting_traditional_titles_keeps_its_own_characters(first, title, parts, rnd):
    # A Simplified sentence and a Traditional title on one line, among Simplified text and rare words.
    parts.insert(rnd.randrange(len(parts) + 1), first + title)
    text = "".join(parts)
    out = get_normalizer("script")()(text)
    converted = REFERENCE["t2s"].convert(title)
    assert out.replace(converted, title) == text


def test_a_paragraph_that_mixes_the_scripts_converts_whole():
    """A transcription that mixes the scripts holds its Traditional characters at less than
    a tenth of the paragraph, but six different ones that Simplified writing never uses make
    it one in the source script; a Simplified paragraph naming 濛溪河 and 二噁英 holds two."""
    mixed = ("国务院决定由我向全国人民代表大会第四次会議作报告，报告依据毛澤东主席提出的方針，"
             "来檢查一年来的工作，总结经验，分析当前形势和存在的問題，明确下一阶段的任务和措施，"
             "全面推进经济建设和社会发展，不断提高人民群众的生活水平和幸福感。")
    assert sum(c in script.source_only_chars("t2s") for c in mixed) < 0.1 * len(mixed)
    assert clean(mixed) == REFERENCE["t2s"].convert(mixed)
    names = ("濛溪河沿岸的企业要严格控制二噁英排放，全面推进污染防治工作，加强监测和执法检查，"
             "不断改善区域生态环境质量，切实保障人民群众身体健康。")
    assert clean(names) == names
