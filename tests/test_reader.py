from __future__ import annotations

import pytest

from cnpolicytext.reader import DecodeError, decode

SIMPLIFIED = ["中国", "规划", "为推动区域科技协同发展", "市科技局"]
TRADITIONAL = ["規劃", "為推動區域科技協同發展", "示範區創新發展綱要"]


@pytest.mark.parametrize("text", SIMPLIFIED + TRADITIONAL)
@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5", "big5hkscs", "utf-16", "utf-8", "utf-8-sig"])
def test_short_texts_in_each_encoding(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"{text} is not representable in {encoding}")
    assert decode(data).text == text


def test_reports_how_it_decided():
    assert decode("规划".encode("utf-8")).how == "utf-8"
    assert decode("规划".encode("utf-8-sig")).how == "bom"
    d = decode("规划".encode("gbk"))
    assert (d.encoding, d.how) == ("gb18030", "detected")


def test_empty_is_empty():
    assert decode(b"").text == ""


@pytest.mark.parametrize("data, message", [
    (b"\x00\x01binary", "binary"),
    (bytes([0xFF, 0xFF, 0xFF, 0x81]), "undecodable"),
])
def test_bad_bytes_are_errors_not_mojibake(data, message):
    with pytest.raises(DecodeError, match=message):
        decode(data)


def test_declared_encoding_errors_are_reported():
    with pytest.raises(DecodeError, match="not valid utf-8"):
        decode("规划".encode("gbk"), "utf-8")
    with pytest.raises(DecodeError, match="unknown encoding"):
        decode(b"x", "no-such-codec")


# -- issue 15 and issue 12 item 6 ------------------------------------------------------------------
import os  # noqa: E402

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cnpolicytext.reader import detect_file_encoding, iter_text  # noqa: E402

HAN = st.text(st.sampled_from("为推动区域科技协同发展现就有关事项说明如下规划市局，。、"), min_size=1, max_size=60)


@settings(max_examples=80, deadline=None)
@given(text=HAN, encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]), cut=st.integers(1, 3))
@example(text="协下", encoding="gb18030", cut=1)  # D0 AD CF: 'Э' and a cut UTF-8 lead byte, too
def test_a_file_cut_inside_its_last_character_loses_only_that_character(text, encoding, cut):
    data = text.encode(encoding)
    width = 2 if encoding == "utf-16" else len(text[-1].encode(encoding))
    cut = min(cut, width - 1)
    if cut < 1:
        return
    d = decode(data[:-cut], encoding if encoding == "utf-16" else None)
    assert d.text == text[:-1]
    assert len(d.warnings) == 1 and f"byte {len(data) - width}" in d.warnings[0]


def test_an_undecodable_byte_elsewhere_names_its_real_offset():
    head = "规划规划".encode("gbk")
    with pytest.raises(DecodeError, match="GB18030 at byte 8"):
        decode(head + b"\xff\xff" + "规划".encode("gbk"))
    with pytest.raises(DecodeError, match="not valid utf-8 at byte 6"):
        decode("规划".encode("utf-8") + b"\xff" + "规划".encode("utf-8"), "utf-8")


def test_utf16_without_bom_is_told_by_its_nul_pattern():
    text = "为推动区域科技协同发展,现就有关事项说明如下。\n一、总体要求\n"
    for name in ("utf-16-le", "utf-16-be"):
        d = decode(text.encode(name))
        assert (d.text, d.encoding, d.how) == (text, name, "nul-pattern")
    with pytest.raises(DecodeError, match="binary"):
        decode(b"\x00\x01\x02\x03ab\x00c")


def test_very_short_gbk_that_is_valid_utf8_by_chance():
    data = "隆漏".encode("gbk")
    assert data.decode("utf-8") == "¡©"  # valid UTF-8, and garbage
    assert decode(data).text == "隆漏"
    for text in ("规划", "Café", "中国"):  # real UTF-8 stays UTF-8
        assert decode(text.encode("utf-8")).text == text


def test_detection_judges_the_whole_text_not_its_head():
    data = ("x" * 70000 + "\n").encode() + "為推動區域科技協同發展。\n".encode("big5") * 50
    assert decode(data).text.endswith("為推動區域科技協同發展。\n")


def _file(tmp_path, data: bytes) -> str:
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    return str(path)


def test_streamed_detection_needs_no_line_feed_at_the_head(tmp_path):
    path = _file(tmp_path, ("规划" * 40000 + "\n").encode("utf-8"))  # 240 KB before the first \n
    assert detect_file_encoding(path) == "utf-8"
    assert "".join(iter_text(path, "utf-8", chunk=1001)) == "规划" * 40000 + "\n"


def test_streamed_detection_looks_past_an_ascii_head(tmp_path):
    data = b"abc\n" * 20000 + "为推动区域科技协同发展\n".encode("gb18030") * 3000
    path = _file(tmp_path, data)
    assert detect_file_encoding(path) == decode(data).encoding == "gb18030"
    assert "".join(iter_text(path, "gb18030", chunk=4099)) == decode(data).text


def test_streamed_detection_confirms_its_guess_on_the_whole_file(tmp_path):
    # One GBK line far from every sample: the samples say UTF-8, the whole file does not.
    data = b"abc\n" * 100000 + "规划\n".encode("gbk") + b"abc\n" * 100000
    path = _file(tmp_path, data)
    assert detect_file_encoding(path) == "gb18030"


@settings(max_examples=40, deadline=None)
@given(text=HAN, chunk=st.integers(1, 7), encoding=st.sampled_from(["utf-8", "gb18030", "big5hkscs", "utf-16"]))
def test_streaming_splits_only_at_character_boundaries(tmp_path_factory, text, chunk, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    path = str(tmp_path_factory.mktemp("s") / "t.txt")
    with open(path, "wb") as f:
        f.write(data)
    assert "".join(iter_text(path, encoding, chunk=chunk)) == text
    warnings: list[str] = []
    with open(path, "wb") as f:
        f.write(data[:-1])
    assert "".join(iter_text(path, encoding, chunk=chunk, warnings=warnings)) == text[:-1]
    assert len(warnings) == 1
    os.unlink(path)
