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
