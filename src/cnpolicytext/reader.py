"""Reading policy texts from bytes: encoding detection with a fallback chain (CONVENTIONS §1).

Strict UTF-8 first (with or without BOM), then UTF-16/32 by BOM or, without one, by the
pattern of NUL bytes that ASCII characters leave in UTF-16, then the Chinese legacy
encodings. chardet proposes one; since detectors misjudge short texts (a two-character
GBK file), every candidate that decodes strictly is scored by how many of its characters
are common Han characters, and the best one wins. Nothing is ever decoded with
replacement characters: a file no candidate can decode is an error that names the byte
where each candidate failed. The one exception §1 makes is a file cut inside its last
character (an interrupted download): that incomplete character is dropped, with a warning.

Large files are streamed; their encoding is judged from samples taken across the whole
file (an ASCII head says nothing about what follows) and then confirmed by decoding the
whole file once, which costs far less than cleaning it.
"""

from __future__ import annotations

import codecs
import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["DecodeError", "Decoded", "decode", "detect_file_encoding", "iter_text", "read_file"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHINESE = ("gb18030", "big5hkscs")
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "hz-gb-2312": "gb18030",
            "big5": "big5hkscs", "big5hkscs": "big5hkscs", "cp950": "big5hkscs"}
_NAMES = {"gb18030": "GB18030", "big5hkscs": "Big5-HKSCS"}
#: Inputs up to this many bytes are "very short": too short for UTF-8's structure to be
#: evidence on its own (a two-character GBK file can be valid UTF-8 by chance).
_SHORT = 16


class DecodeError(ValueError):
    """The bytes are not text in any encoding the reader knows (or are binary)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    #: How the encoding was chosen: "bom", "utf-8", "declared", "detected", "nul-pattern" or "empty".
    how: str
    #: What the reader had to do to the bytes (an incomplete last character dropped).
    warnings: tuple[str, ...] = field(default=())


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


def _han(text: str, limit: int = 4000) -> list[str]:
    """Up to ``limit`` Han-range characters, drawn from the whole text (not only its head)."""
    if len(text) > 16 * limit:  # eight slices across the text: enough, and bounded work
        step = len(text) // 8
        text = "".join(text[i:i + 2 * limit] for i in range(0, len(text), step))
    han = [c for c in text if ord(c) >= 0x2E80]
    if len(han) <= limit:
        return han
    stride = len(han) / limit
    return [han[int(i * stride)] for i in range(limit)]


def _score(text: str) -> float:
    han = _han(text)
    if not han:
        return 0.5
    return sum(1 for c in han if _common(c)) / len(han)


def _punctuation(ch: str) -> bool:
    o = ord(ch)
    return 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x206F


def _strict(data: bytes, name: str, *, tail: bool = True) -> tuple[str, tuple[str, ...]]:
    """Decode strictly; with ``tail``, an incomplete character at the very end is dropped with
    a warning instead of failing the whole input. Raises UnicodeDecodeError (real offset)."""
    decoder = codecs.getincrementaldecoder(name)(errors="strict")
    text = decoder.decode(data, final=not tail)
    if not tail:
        return text, ()
    pending = decoder.getstate()[0]
    if not pending:
        return text, ()
    with contextlib.suppress(UnicodeDecodeError):
        decoder.decode(b"", final=True)
    return text, (_cut_warning(len(data) - len(pending), len(pending), name),)


def _cut_warning(offset: int, size: int, name: str) -> str:
    return (f"the file ends inside a character: its last {size} byte(s), from byte {offset}, are an "
            f"incomplete {name} character and were dropped")


def _utf16_by_nuls(data: bytes) -> str | None:
    """UTF-16 without a BOM: the NUL bytes of its ASCII characters sit at odd offsets
    (little-endian) or at even ones (big-endian), a few Han characters (U+4E00 一) aside;
    binary data scatters them, and decodes to control characters."""
    if len(data) % 2:
        return None
    odd = data[1::2].count(0)
    even = data[0::2].count(0)
    if min(odd, even) * 2 > max(odd, even):
        return None
    name = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 0x20 and c not in "\n\r\t\f" for c in text):
        return None
    return name


def _prefers_gb18030(data: bytes, utf8: str) -> bool:
    """A very short input whose UTF-8 reading holds only rare characters (`¡©`, `ĵ`) while its
    GB18030 reading is common Han: GBK bytes that are valid UTF-8 by chance."""
    if len(data) > _SHORT or any(c.isascii() and c.isalpha() for c in utf8):
        return False
    wide = [c for c in utf8 if not c.isascii()]
    if not wide or any(_common(c) or _punctuation(c) for c in wide):
        return False
    try:
        gb = _strict(data, "gb18030")[0]
    except UnicodeDecodeError:
        return False
    wide_gb = [c for c in gb if not c.isascii()]
    return bool(wide_gb) and all(_common(c) or _punctuation(c) for c in wide_gb)


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode ``data``; ``encoding`` forces one (its errors are reported, never replaced)."""
    if encoding:
        try:
            text, warnings = _strict(data, encoding)
        except LookupError:
            raise DecodeError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise DecodeError(f"not valid {encoding} at byte {exc.start}") from None
        except UnicodeError as exc:
            raise DecodeError(f"not valid {encoding} ({exc})") from None
        except TypeError:
            raise DecodeError(f"{encoding!r} is not a text encoding") from None
        return Decoded(text, encoding, "declared", warnings)
    if not data:
        return Decoded("", "utf-8", "empty")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text, warnings = _strict(data, name)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {name} byte-order mark but is not valid {name} "
                                  f"(byte {exc.start})") from None
            return Decoded(text, name, "bom", warnings)
    if b"\x00" in data:
        utf16 = _utf16_by_nuls(data)
        if utf16 is None:
            raise DecodeError("binary file (contains NUL bytes)")
        return Decoded(data.decode(utf16), utf16, "nul-pattern")
    failures: dict[str, int] = {}
    try:
        text, warnings = _strict(data, "utf-8")
        if not _prefers_gb18030(data, text):
            return Decoded(text, "utf-8", "utf-8", warnings)
    except UnicodeDecodeError as exc:
        failures["UTF-8"] = exc.start
    # Only the encodings CONVENTIONS §1 names: a single-byte guess would "decode" anything.
    # A detector's guess on a few bytes is noise: there, a tie goes to GB18030 (mainland texts).
    first = "gb18030" if len(data) <= _SHORT else _ALIASES.get(_chardet(data))
    candidates = ([first] if first else []) + [c for c in _CHINESE if c != first]
    best: tuple[float, int, str, str, tuple[str, ...]] | None = None
    for rank, name in enumerate(candidates):
        try:
            text, warnings = _strict(data, name)
        except UnicodeDecodeError as exc:
            failures[_NAMES.get(name, name)] = exc.start
            continue
        score = _score(text)
        if best is None or (score, -rank) > (best[0], best[1]):
            best = (score, -rank, name, text, warnings)
    if best is None or (best[0] < 0.2 and len(_han(best[3], 20)) >= 20):
        where = ", ".join(f"{k} at byte {v}" for k, v in failures.items())
        raise DecodeError(f"undecodable: not valid {where or 'UTF-8, GB18030 or Big5-HKSCS'}"
                          f"{'' if best is None else ' (and it does not read as Chinese in ' + best[2] + ')'}"
                          " (give --encoding if you know it)")
    return Decoded(best[3], best[2], "detected", best[4])


def _chardet(data: bytes) -> str:
    import chardet

    return str(chardet.detect(_spread(data)).get("encoding") or "").lower()


def _spread(data: bytes, size: int = 1 << 16) -> bytes:
    """About ``size`` bytes for a detector, drawn from the head and from across the data."""
    if len(data) <= size:
        return data
    return _sample_pieces(data[: size // 2], [data[i: i + size // 8] for i in
                                              range(len(data) // 4, len(data), max(1, len(data) // 4))])


def _sample_pieces(head: bytes, middles: list[bytes]) -> bytes:
    """Join samples so that no character is cut: each middle piece runs from just after its
    first line feed to its last one (no multi-byte sequence of UTF-8, GB18030 or Big5 holds
    0x0A), and the head, which starts at a character boundary, goes last: only its end may be
    cut, which :func:`_strict` tolerates."""
    parts = []
    for m in middles:
        first, last = m.find(b"\n"), m.rfind(b"\n")
        if first != -1 and last > first:
            parts.append(m[first + 1:last + 1])
    return b"".join(parts) + head


def read_file(path: str, encoding: str | None = None) -> Decoded:
    with open(path, "rb") as f:
        return decode(f.read(), encoding)


def detect_file_encoding(path: str, sample: int = 1 << 16) -> str:
    """The encoding of a file too large to hold, for :func:`iter_text`.

    The guess is made on samples from the head and from across the file, then confirmed by
    decoding the whole file (strictly, in chunks); when the guess fails there, the other
    candidates are tried the same way. A file that none decodes is a :class:`DecodeError`
    that names where the guess failed.
    """
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        head = f.read(sample)
        if size <= sample:
            return decode(head).encoding
        if any(head.startswith(bom) for bom, _ in _BOMS) or b"\x00" in head:
            return _confirm(path, decode(head).encoding)  # UTF-16/32: a line feed is no boundary
        middles = []
        for i in range(1, 9):
            f.seek(size * i // 9)
            middles.append(f.read(sample // 2))
    return _confirm(path, decode(_sample_pieces(head, middles)).encoding)


def _confirm(path: str, guess: str) -> str:
    first_error: DecodeError | None = None
    for name in [guess] + [c for c in ("utf-8", *_CHINESE) if c != guess]:
        try:
            for _ in iter_text(path, name):
                pass
            return name
        except DecodeError as exc:
            first_error = first_error or exc
    assert first_error is not None
    raise first_error


def iter_text(path: str, encoding: str, chunk: int = 1 << 20, warnings: list[str] | None = None) -> Iterator[str]:
    """The text of a file, decoded strictly, a chunk at a time.

    The incremental decoder carries a character split between two chunks over to the next;
    an incomplete character at the very end of the file is dropped with a warning (added to
    ``warnings`` when given), as :func:`decode` does.
    """
    try:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    except LookupError:
        raise DecodeError(f"unknown encoding {encoding!r}") from None
    with open(path, "rb") as f:
        offset = 0
        while True:
            data = f.read(chunk)
            pending = len(decoder.getstate()[0])
            try:
                text = decoder.decode(data, final=False) if data else ""
            except UnicodeDecodeError as exc:
                raise DecodeError(f"not valid {encoding} at byte {offset - pending + exc.start}") from None
            except UnicodeError as exc:  # UTF-16/32 without a byte-order mark
                raise DecodeError(f"not valid {encoding} ({exc})") from None
            except TypeError:
                raise DecodeError(f"{encoding!r} is not a text encoding") from None
            if text:
                yield text
            if not data:
                left = decoder.getstate()[0]
                if left and warnings is not None:
                    warnings.append(_cut_warning(offset - len(left), len(left), encoding))
                return
            offset += len(data)
