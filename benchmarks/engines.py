"""Which engine each module-level pattern should use: ``regex`` or the standard ``re``.

    python benchmarks/engines.py [--mb 2] [--min-gain 1.3]

For every compiled ``regex`` pattern at module level in the package, try to compile the same
source with ``re`` (Python 3.11+ has possessive quantifiers and atomic groups; ``\\p{Han}``
and friends stay ``regex``-only). Where it compiles, both scan the same text (the shared
corpus, repeated, with the generated texts of ``output_digest.py``) with ``finditer``; the
match spans must be identical, and the time of each is printed. A pattern worth moving is
one that gives the same matches at least ``--min-gain`` times faster. Per-line patterns run
with ``match`` on each line instead of ``finditer`` when their source starts with ``^`` or
the module uses them line by line; the scan here is the whole-text one, so read a per-line
pattern's figure as a hint.

What it found (docs/performance.md): ``re`` answers a ``match`` on one line in about half
the time of ``regex``, but the two disagree on what ``\\d`` and ``\\s`` match (``regex`` follows
a newer Unicode: 110 more decimal digits; ``re`` counts U+001C–U+001F as spaces), and most
line patterns use one of them, so no pattern moved: an engine switch must not change output.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import cnpolicytext  # noqa: E402
from output_digest import generated  # noqa: E402

_FLAGS = ((regex.IGNORECASE, re.IGNORECASE), (regex.MULTILINE, re.MULTILINE), (regex.DOTALL, re.DOTALL),
          (regex.VERBOSE, re.VERBOSE), (regex.ASCII, re.ASCII))


def patterns() -> list[tuple[str, regex.Pattern[str]]]:
    found = []
    for info in pkgutil.walk_packages(cnpolicytext.__path__, "cnpolicytext."):
        if info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional integration without its extra
            continue
        for name, value in vars(module).items():
            if isinstance(value, regex.Pattern) and getattr(value, "pattern", None):
                found.append((f"{info.name}.{name}", value))
    return found


def as_re(pattern: regex.Pattern[str]) -> re.Pattern[str] | None:
    flags = 0
    for theirs, ours in _FLAGS:
        if pattern.flags & theirs:
            flags |= ours
    if pattern.flags & (regex.VERSION1 | regex.FULLCASE | regex.BESTMATCH | regex.ENHANCEMATCH | regex.POSIX):
        return None
    try:
        return re.compile(pattern.pattern, flags)
    except re.error:
        return None


def _span(m: object) -> tuple[int, int] | None:
    return None if m is None else m.span()  # type: ignore[attr-defined]


def best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--min-gain", type=float, default=1.3)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args(argv)
    unit = "\n".join(p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt")))
    unit += "\n" + "\n".join(generated(500, seed=7))
    text = unit * max(1, int(args.mb * 1e6 / len(unit.encode("utf-8")) + 0.999))
    lines = [ln.strip() for ln in text.split("\n")]
    print(f"{len(text.encode('utf-8')) / 1e6:.1f} MB, {len(lines)} lines; pattern, finditer over the "
          "whole text: regex ms, re ms; match on each line: regex ms, re ms; verdict")
    worth = 0
    for name, pattern in sorted(patterns(), key=lambda item: item[0]):
        twin = as_re(pattern)
        theirs = best(lambda p=pattern: sum(1 for _ in p.finditer(text)))
        if twin is None:
            print(f"  {name:55s} {theirs * 1e3:8.1f}        -  regex only")
            continue
        same = [m.span() for m in pattern.finditer(text)] == [m.span() for m in twin.finditer(text)]
        ours = best(lambda p=twin: sum(1 for _ in p.finditer(text)))
        # Line by line, as most line patterns are used (``match`` at each line's start).
        same = same and [_span(pattern.match(ln)) for ln in lines] == [_span(twin.match(ln)) for ln in lines]
        theirs_lines = best(lambda p=pattern: [p.match(ln) for ln in lines])
        ours_lines = best(lambda p=twin: [p.match(ln) for ln in lines])
        gain = max(theirs / ours, theirs_lines / ours_lines)
        verdict = "DIFFERENT MATCHES" if not same else ("re faster" if gain >= args.min_gain else "keep")
        worth += verdict == "re faster"
        print(f"  {name:55s} {theirs * 1e3:8.1f} {ours * 1e3:8.1f}   {theirs_lines * 1e3:8.1f} "
              f"{ours_lines * 1e3:8.1f}  {verdict}")
    print(f"{worth} pattern(s) give the same matches at least {args.min_gain}x faster with re")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
