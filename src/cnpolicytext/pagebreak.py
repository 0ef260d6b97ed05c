"""`pagebreak`: page-break spill and layout residue (CONVENTIONS §4).

Texts extracted from PDFs and document-sharing sites carry their page layout into the
running text. Every decision here is taken from the whole document, never from one line:

* page furniture lines (``- 3 -``, ``第3页 共10页``, ``Page 3``) and running headers or
  footers (a short line repeated at intervals) are removed;
* chunk prefixes (``1、`` ``2、`` … at the start of consecutive lines, counting with the
  line order, breaks falling mid-sentence) are removed and the split word is joined;
* page numbers spilled into running text are found as an increasing sequence of bare
  numbers spread through the document (in a text too short to show one, only a number
  glued between Han characters with nothing after it that it could count is removed);
* hard-wrapped lines are joined back into their paragraph, and a line ending in ``，`` or
  ``、`` is joined to the next across blank lines.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from importlib import resources

import regex

from .chars import CJK_CLOSE, HSPACE, MARKER, SPACE_CHARS, PAGE_FURNITURE, PARAGRAPH_END
from .core import Context, Edit, Normalizer, register

_S = f"[{HSPACE}]"
_FURNITURE = regex.compile(rf"(?m)^{_S}*{PAGE_FURNITURE}{_S}*(?:\n|$)")
# "第3页 共10页" and "Page 3 of 10" are page furniture wherever they stand.
_INLINE_FURNITURE = regex.compile(
    rf"(?:第{_S}*\d{{1,4}}{_S}*页{_S}*[,，/]?{_S}*共{_S}*\d{{1,4}}{_S}*页|Page{_S}+\d{{1,4}}{_S}+of{_S}+\d{{1,4}}){_S}*")
_PREFIX = regex.compile(r"(?m)^(\d{1,3})、")
_ITEM_START = regex.compile(rf"[{HSPACE}]*(?:[、，,]?{MARKER}|第[一二三四五六七八九十百\d]+[章节条部分])")
# After a chunk prefix the text goes on mid-sentence: a stray mark, or Han that opens no item.
_CONTINUES = regex.compile(rf"[,，、]|(?!{MARKER})\p{{Han}}")
_HAN_CHAR = regex.compile(r"\p{Han}")
_WORDY = regex.compile(r"[\p{Han}A-Za-z]{2}")
_SENTENCE_INSIDE = regex.compile(r"[，。；！？,;!?]")
_INNER_PUNCT = regex.compile(r"[，。、；：！？,;:]")
_LINE_END_NUMBER = regex.compile(r"(?<=\p{Han})\d{1,3}$")


@lru_cache(maxsize=1)
def _units() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """From data/units.txt: unit characters, words that open with one but are no unit,
    words after a number that make it a quantity, words before one that make it a reference."""
    lines = [ln for ln in resources.files("cnpolicytext.data").joinpath("units.txt").read_text("utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]

    def section(mark: str) -> tuple[str, ...]:
        return tuple(w for ln in lines[1:] if ln.startswith(mark) for w in ln[1:].split())

    return frozenset(lines[0].strip()), section("-"), section("+"), section("=")


@lru_cache(maxsize=1)
def _candidate_pattern() -> "regex.Pattern[str]":
    units, words, quantity, references = _units()

    def alternation(ws: tuple[str, ...]) -> str:
        return "|".join(regex.escape(w) for w in sorted(ws, key=len, reverse=True))

    not_unit, counted, referring = alternation(words), alternation(quantity), alternation(references)
    unit_class = regex.escape("".join(sorted(units)))
    # The digits come first so that the scan looks for digits, not for Han characters.
    return regex.compile(
        rf"(?P<n>[1-9]\d{{0,2}})(?![\d.%])"
        rf"(?<=(?:^|\p{{Han}}){_S}?[1-9]\d{{0,2}})"
        rf"(?<!(?:{referring}){_S}?[1-9]\d{{0,2}})"
        rf"(?!{counted})(?=(?:{not_unit})|[^{unit_class}\d\n{HSPACE}A-Za-z]|$)(?=\p{{Han}}|$)",
        regex.MULTILINE)


def _ends_paragraph(line: str) -> bool:
    return line.rstrip(CJK_CLOSE + "\"'")[-1:] in PARAGRAPH_END + "!?;:" if line else True


def _wrap_width(lines: list[str]) -> int:
    """The width a document was wrapped at: the most common length of its long lines."""
    counts: dict[int, int] = {}
    for line in lines:
        if len(line) >= 15:
            counts[len(line)] = counts.get(len(line), 0) + 1
    if len(lines) < 4 or not counts:
        return 0
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]


def _stops_mid_sentence(line: str) -> bool:
    """Running text cut off mid-sentence: punctuation inside, none at the end."""
    body = _ITEM_START.sub("", line, count=1)
    return not _ends_paragraph(body) and body[-1:] not in "，、," and _INNER_PUNCT.search(body) is not None


def _is_chunk_run(run: list[tuple[int, "regex.Match[str]"]], previous, starts: list[int]) -> bool:
    """Whether a run of rising ``N、`` counters cuts the text into chunks (not a real list).

    Either most breaks fall mid-sentence in running text, or the counters stand at regular
    distances of at least a long line (a site cutting every N characters) and most breaks
    do not end a sentence. A real list has items that end their sentences.
    """
    breaks = [previous(k) for k, _ in run if previous(k)]
    if not breaks:
        return False
    if sum(1 for prev in breaks if _stops_mid_sentence(prev)) >= 0.5 * len(breaks):
        return True
    gaps = sorted(starts[b[0]] - starts[a[0]] for a, b in zip(run, run[1:]))
    if len(gaps) < 2:
        return False
    median = gaps[len(gaps) // 2]
    regular = median >= 40 and all(abs(g - median) <= 0.2 * median for g in gaps)
    open_breaks = sum(1 for prev in breaks if not _ends_paragraph(prev))
    return regular and open_breaks >= 0.5 * len(breaks)


def _sequence(cands: list[tuple[int, int, int]], length: int) -> list[tuple[int, int, int]]:
    """The longest chain of candidates whose values rise by one (a gap of one allowed)."""
    best: dict[int, tuple[int, int]] = {}  # value -> (chain length, index of its last item)
    parent: list[int] = []
    for k, (_, _, v) in enumerate(cands):
        prev = max((best.get(v - d, (0, -1)) for d in (1, 2)), key=lambda t: t[0])
        parent.append(prev[1])
        if prev[0] + 1 > best.get(v, (0, -1))[0]:
            best[v] = (prev[0] + 1, k)
    if not best:
        return []
    size, k = max(best.values())
    chain = []
    while k >= 0:
        chain.append(cands[k])
        k = parent[k]
    chain.reverse()
    if size < 3 or chain[-1][0] - chain[0][0] < length * 0.3:
        return []
    return chain


def _line_starts(text: str) -> tuple[list[int], list[str]]:
    lines = text.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return starts, lines


def find_chunk_prefixes(text: str) -> tuple[list[int], list[str], list[tuple[int, "regex.Match[str]"]]]:
    """Line starts, lines, and the ``N、`` chunk prefixes found (line index, match).

    A document shows a chunk-prefix sequence when at least three lines start with a counter
    that follows the line order and most of the breaks before them fall mid-sentence. A text
    too short to show one has a prefix only where it continues a line that stopped
    mid-sentence, is not a heading, and the text after it goes on mid-word.
    """
    chosen: list[tuple[int, "regex.Match[str]"]] = []
    prefixes = list(_PREFIX.finditer(text))
    if not prefixes:
        return [], [], chosen
    starts, lines = _line_starts(text)
    numbered = [(bisect.bisect_right(starts, m.start()) - 1, int(m.group(1)), m) for m in prefixes]
    nonblank = [k for k, ln in enumerate(lines) if ln.strip(SPACE_CHARS)]
    order = {k: i for i, k in enumerate(nonblank)}

    def previous(k: int) -> str:
        i = order.get(k, 0)
        return lines[nonblank[i - 1]].strip(SPACE_CHARS) if i > 0 else ""

    if len(numbered) >= 3:
        # Runs of numbered lines whose counters go up by one, in the order they appear.
        runs: list[list[tuple[int, "regex.Match[str]"]]] = []
        last = None
        for k, v, m in numbered:
            if last is not None and v == last + 1:
                runs[-1].append((k, m))
            else:
                runs.append([(k, m)])
            last = v
        for run in runs:
            if len(run) >= 3 and _is_chunk_run(run, previous, starts):
                chosen.extend(run)
    else:
        for k, _, m in numbered:
            prev = previous(k)
            if prev and not _ends_paragraph(prev) and not _ITEM_START.match(prev) \
                    and prev[-1:] not in "，、," and _CONTINUES.match(text, m.end()):
                chosen.append((k, m))
    return starts, lines, chosen


@register
class PagebreakNormalizer(Normalizer):
    name = "pagebreak"
    summary = "page furniture, running headers, chunk prefixes, spilled page numbers, hard-wrapped lines"
    defaults = {"page_numbers": True, "chunk_prefixes": True, "join_lines": True, "headers": True,
                "short_text": 1000}
    changes_han = True  # page furniture (第3页 共10页) and running headers go, Han and all

    def run(self, text: str, ctx: Context) -> str:
        text = ctx.sub(_FURNITURE, "", text, "pagebreak.furniture", "page number line removed")
        if "页" in text or "Page" in text:
            text = ctx.sub(_INLINE_FURNITURE, "", text, "pagebreak.furniture", "page counter inside a line removed")
        if self.options["headers"]:
            text = self._headers(text, ctx)
        if self.options["chunk_prefixes"] and "、" in text:
            text = self._chunk_prefixes(text, ctx)
        if self.options["join_lines"] and "\n" in text:
            text = self._join_lines(text, ctx)
        if self.options["page_numbers"]:
            text = self._page_numbers(text, ctx)
        return text

    # -- running headers and footers ---------------------------------------------------
    def _headers(self, text: str, ctx: Context) -> str:
        lines = text.split("\n")
        if len(lines) < 12:
            return text
        counts: dict[str, list[int]] = {}
        for i, line in enumerate(lines):
            if len(line) > 60:  # never a header; most lines end here
                continue
            body = line.strip(SPACE_CHARS)
            if 2 <= len(body) <= 30 and _WORDY.search(body) and not _ITEM_START.match(body) \
                    and not _ends_paragraph(body):
                counts.setdefault(body, []).append(i)
        repeated = {b for b, where in counts.items()
                    if len(where) >= 3 and min(b - a for a, b in zip(where, where[1:])) >= 5}
        if not repeated:
            return text
        edits, pos = [], 0
        for line in lines:
            end = pos + len(line) + 1
            if line.strip(SPACE_CHARS) in repeated:
                edits.append(Edit(pos, min(end, len(text)), "", "pagebreak.running_header",
                                  "line repeated at page intervals (running header or footer)"))
            pos = end
        return ctx.replace_all(text, edits)

    # -- chunk prefixes ----------------------------------------------------------------
    def _chunk_prefixes(self, text: str, ctx: Context) -> str:
        starts, lines, chosen = find_chunk_prefixes(text)
        if not chosen:
            return text
        edits = []
        for k, m in chosen:
            joins = k > 0 and not _ITEM_START.match(text, m.end())
            after = text[m.end():m.end() + 1]
            # A number closing the previous chunk is a page number, unless the next chunk
            # goes on with what that number counts or continues (个, 万元, .5, 0).
            if k > 0 and not (after.isdigit() or after in _units()[0] or after in ".%‰．"):
                prev = lines[k - 1].rstrip(SPACE_CHARS)
                tail = _LINE_END_NUMBER.search(prev)
                if tail is not None:
                    edits.append(Edit(starts[k - 1] + tail.start(), starts[k - 1] + tail.end(), "",
                                      "pagebreak.page_number", "page number at a chunk end removed"))
            start = m.start() - 1 if joins else m.start()
            edits.append(Edit(start, m.end(), "", "pagebreak.chunk_prefix",
                              f"chunk prefix {m.group()} removed" + (", split line joined" if joins else "")))
        ctx.notes["chunk_prefixes"] = [int(m.group(1)) for _, m in chosen]
        return ctx.replace_all(text, edits)

    # -- spilled page numbers ----------------------------------------------------------
    def _page_numbers(self, text: str, ctx: Context) -> str:
        cands = [(m.start("n"), m.end("n"), int(m.group("n"))) for m in _candidate_pattern().finditer(text)]
        if not cands:
            return text
        chain = _sequence(cands, len(text))
        if chain:
            ctx.notes["page_sequence"] = [v for _, _, v in chain]
            reason = f"spilled page number (sequence {chain[0][2]}…{chain[-1][2]})"
            edits = [Edit(s, e, "", "pagebreak.page_number", reason) for s, e, _ in chain]
        elif len(text) <= self.options["short_text"]:
            edits = [Edit(s, e, "", "pagebreak.page_number", "number glued inside running text")
                     for s, e, value in cands
                     if value < 100 and s > 0 and e < len(text)
                     and _HAN_CHAR.match(text, s - 1) and _HAN_CHAR.match(text, e)]
        else:
            return text
        return ctx.replace_all(text, edits)

    # -- hard-wrapped lines ------------------------------------------------------------
    def _join_lines(self, text: str, ctx: Context) -> str:
        lines = text.split("\n")
        bodies = [ln.strip(SPACE_CHARS) for ln in lines]
        full = [b for b in bodies if b]
        width = _wrap_width(full)
        wrapped = False
        if width >= 15:
            near = [b for b in full if len(b) >= width - max(2, width // 10) and not _ends_paragraph(b)]
            wrapped = len(near) >= max(3, 0.2 * len(full))
        gaps = sum(1 for a, b in zip(bodies, bodies[1:]) if a and not b)
        layout_blanks = wrapped and gaps >= 0.6 * max(1, len(full) - 1)
        edits: list[Edit] = []
        pos = 0
        offsets = []
        for ln in lines:
            offsets.append(pos)
            pos += len(ln) + 1
        k = 0
        n = len(lines)
        while k < n:
            body = bodies[k]
            if not body:
                k += 1
                continue
            j = k + 1
            while j < n and not bodies[j]:
                j += 1
            if j >= n:
                break
            nxt = bodies[j]
            blank = j > k + 1
            comma_end = body[-1] in "，、" or (body[-1] == "," and len(body) > 1 and regex.match(r"\p{Han}", body[-2]))
            joins = False
            if _ITEM_START.match(nxt):
                joins = False
            elif comma_end:
                joins = True
            elif wrapped and not _ends_paragraph(body) and (not blank or layout_blanks):
                # Running text stopped mid-sentence, or a line cut at the wrap width (a
                # heading only when it fills the whole width).
                if _ITEM_START.match(body):  # a heading goes on only when it fills the line
                    joins = len(body) >= width - 1
                else:
                    joins = len(body) >= width - max(2, width // 10) or _INNER_PUNCT.search(body) is not None
            elif not blank and not _ends_paragraph(body) and not _ITEM_START.match(body):
                # In any document, running text that stops mid-sentence after punctuation
                # inside it goes on on the next line (其中1996年为2.6万元。1997年起); a label
                # line (联系电话：0393-1234567) has only a colon and stays.
                joins = _SENTENCE_INSIDE.search(body) is not None
            if joins:
                end_k = offsets[k] + len(lines[k].rstrip(SPACE_CHARS))
                start_j = offsets[j] + (len(lines[j]) - len(lines[j].lstrip(SPACE_CHARS)))
                edits.append(Edit(end_k, start_j, "", "pagebreak.join",
                                  "hard-wrapped line joined to its paragraph"))
            k = j
        return ctx.replace_all(text, edits)
