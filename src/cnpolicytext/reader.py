"""Reading policy texts from bytes: encoding detection with a fallback chain (CONVENTIONS §1).

Strict UTF-8 first (with or without BOM), then UTF-16/32 by BOM, then the Chinese legacy
encodings. chardet proposes one; since detectors misjudge short texts (a two-character
GBK file), every candidate that decodes strictly is scored by how many of its characters
are common Han characters, and the best one wins. Nothing is ever decoded with
replacement characters: a file no candidate can decode is an error.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

__all__ = ["DecodeError", "Decoded", "decode", "detect_file_encoding", "iter_text", "read_file"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHINESE = ("gb18030", "big5hkscs")
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "hz-gb-2312": "gb18030",
            "big5": "big5hkscs", "big5hkscs": "big5hkscs", "cp950": "big5hkscs"}


class DecodeError(ValueError):
    """The bytes are not text in any encoding the reader knows (or are binary)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    #: How the encoding was chosen: "bom", "utf-8", "declared", "detected" or "empty".
    how: str


@lru_cache(maxsize=65536)
def _common(ch: str) -> bool:
    """A frequent Han character: GB2312 level 1 or Big5 常用字 (level 1)."""
    try:
        b = ch.encode("gb2312")
        if len(b) == 2 and 0xB0A1 <= int.from_bytes(b, "big") <= 0xD7FE:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
        return len(b) == 2 and 0xA440 <= int.from_bytes(b, "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def _score(text: str) -> float:
    sample = text[:4000]
    han = [c for c in sample if ord(c) >= 0x2E80]
    if not han:
        return 0.5
    return sum(1 for c in han if _common(c)) / len(han)


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode ``data``; ``encoding`` forces one (its errors are reported, never replaced)."""
    if encoding:
        try:
            return Decoded(data.decode(encoding), encoding, "declared")
        except LookupError:
            raise DecodeError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise DecodeError(f"not valid {encoding} at byte {exc.start}") from None
    if not data:
        return Decoded("", "utf-8", "empty")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(name), name, "bom")
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {name} byte-order mark but is not valid {name} "
                                  f"(byte {exc.start})") from None
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    import chardet

    guess = (chardet.detect(data[:65536]).get("encoding") or "").lower()
    # Only the encodings CONVENTIONS §1 names: a single-byte guess would "decode" anything.
    first = _ALIASES.get(guess)
    candidates = ([first] if first else []) + [c for c in _CHINESE if c != first]
    best: tuple[float, int, str, str] | None = None
    for rank, name in enumerate(candidates):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _score(text)
        if best is None or (score, -rank) > (best[0], best[1]):
            best = (score, -rank, name, text)
    if best is None or (best[0] < 0.2 and sum(1 for c in best[3][:4000] if ord(c) >= 0x2E80) >= 20):
        raise DecodeError(f"undecodable: not UTF-8 (invalid byte at {utf8_error}), nor GB18030 or "
                          "Big5-HKSCS (give --encoding if you know it)")
    return Decoded(best[3], best[2], "detected")


def read_file(path: str, encoding: str | None = None) -> Decoded:
    with open(path, "rb") as f:
        return decode(f.read(), encoding)


def detect_file_encoding(path: str, sample: int = 1 << 16) -> str:
    """The encoding of a file, judged from its first ``sample`` bytes (for streaming).

    The sample is cut at its last line feed, which no multi-byte sequence of UTF-8, GB18030
    or Big5 contains, so that no character is cut in two.
    """
    with open(path, "rb") as f:
        head = f.read(sample)
    if not any(head.startswith(bom) for bom, _ in _BOMS) and len(head) == sample and b"\n" in head:
        head = head[:head.rindex(b"\n") + 1]
    return decode(head).encoding


def iter_text(path: str, encoding: str, chunk: int = 1 << 20) -> Iterator[str]:
    """The text of a file, decoded strictly, a chunk at a time."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    with open(path, "rb") as f:
        offset = 0
        while True:
            data = f.read(chunk)
            try:
                text = decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"not valid {encoding} at byte {offset + exc.start}") from None
            if text:
                yield text
            if not data:
                return
            offset += len(data)
