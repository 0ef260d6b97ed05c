"""Adversarial inputs of issue 15, grown from 10 KB to 4 MB: is every one linear?

Usage:
    python benchmarks/adversarial.py                     # every case, 10 KB … 4 MB
    python benchmarks/adversarial.py --cases ellipsis,bracket_pairs --max-kb 1000
    python benchmarks/adversarial.py --json benchmarks/results/adversarial.json

Each input is a long run that a backtracking pattern scans once per starting position
(quadratic) or once per nesting level. Every measurement runs in its own process under a
wall-clock budget, so that a case that does not finish is reported as such instead of
hanging the run; a case that exceeds the budget is not tried at larger sizes. The report
gives, per case, the CPU time at each size, the growth per doubling fitted over the sizes
from 100 KB on (least squares in log-log), and each step's growth between consecutive
sizes, ``(t2 / t1) ** (1 / log2(s2 / s1))``: about 2 for linear time, 4 for quadratic. The
target (issue 15) is at most 2.2 per doubling from 100 KB on.

``tests/test_adversarial.py`` runs each case once at 100 KB under a generous wall limit.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: A user's boilerplate line pattern with nested quantifiers: catastrophic backtracking on
#: a long run of "a" when matched by a backtracking engine without a time limit.
USER_PATTERN = ("user.nested", "(a*)*b")


@dataclass(frozen=True)
class Case:
    """One adversarial input: ``prefix + unit * k + suffix`` with ``k`` chosen for a size."""

    name: str
    prefix: str
    unit: str
    suffix: str
    #: The module whose patterns the input attacks (where a fix belongs).
    module: str
    what: str
    #: clean_with_edits (tracked) rather than clean.
    tracked: bool = False
    #: Extra options for clean (the user pattern case).
    user_pattern: bool = False
    #: The unit also repeats after the suffix, half as often (a run on both sides of it),
    #: and then ``tail`` follows.
    both_sides: bool = False
    tail: str = ""

    def text(self, size: int) -> str:
        """The input whose UTF-8 size is about ``size`` bytes (at least one unit)."""
        fixed = len((self.prefix + self.suffix).encode("utf-8"))
        unit = len(self.unit.encode("utf-8"))
        k = max(1, (size - fixed) // unit)
        if self.both_sides:
            k = max(1, 2 * k // 3)
            return self.prefix + self.unit * k + self.suffix + self.unit * (k // 2) + self.tail
        return self.prefix + self.unit * k + self.suffix


CASES: tuple[Case, ...] = (
    Case("han_space_run", "", "字 ", "", "whitespace", "a Han/space run '字 ' * n"),
    Case("line_edge_spaces", "字", " ", "字", "whitespace", "'字' + ' ' * n + '字' (line-edge spaces)"),
    Case("stray_spaces", "a", " ", "b", "whitespace", "'a' + ' ' * n + 'b' (stray spaces)"),
    Case("latin_words", "研究 ", "word ", "研究", "whitespace", "Latin words separated by spaces"),
    Case("phrase_gaps", "第一条　规定，如下。\n第二条　规定，如下。\n第三条　规定，如下。\n", "字字 ", "字字",
         "whitespace", "clean sentences, then one line of n phrases apart (the spaces that stay)"),
    Case("page_counter", "第1页", " ", "x", "pagebreak", "'第1页' + ' ' * n + 'x' (inline page counter)"),
    Case("chained_joins", ("字" * 30 + "\n") * 5, "字\n", "", "pagebreak",
         "wrapped lines, then n one-character lines that join one by one (the joined line grows)"),
    Case("boilerplate_counter", "浏览次数", " ", "x", "boilerplate", "'浏览次数' + ' ' * n + 'x' (counter)"),
    Case("bracket_pairs", "(", "字", "", "punctuation", "'(' + '字' * n (bracket pairs)"),
    Case("nested_brackets", "", "（", "字" + "）" * 0, "punctuation", "'（' * n + '字' (unpaired brackets)",
         tracked=True),
    Case("single_quotes", "'", "字", "", "punctuation", "\"'\" + '字' * n (single quotes)"),
    Case("ellipsis", "a", ".", "", "punctuation", "'a' + '.' * n (ellipsis)"),
    Case("quote_runs_around_han", "", "'", "字", "punctuation",
         "\"'\" * n + '字' + \"'\" * (n/2) + ' 字' (runs of single quotes around Han; found by fuzzing)",
         both_sides=True, tail=" 字"),
    Case("nested_quotes", "", "“", "字", "punctuation", "'“' * n + '字' in clean_with_edits (unpaired marks)",
         tracked=True),
    Case("ascii_marks", "字", ",", "", "punctuation", "Han + n ASCII marks (idempotence past 32)"),
    Case("ascii_mark_mix", "字", ",;:?!", "字", "punctuation", "Han + runs of mixed ASCII marks + Han"),
    Case("traditional_phrases", "為", "鍊鎖", "", "script", "'為' + '鍊鎖' * n (phrase segmentation)"),
    Case("user_boilerplate", "", "a", "", "boilerplate", "user pattern (a*)*b against 'a' * n",
         user_pattern=True),
)
BY_NAME = {c.name: c for c in CASES}

#: Sizes in KB (1 KB = 1000 bytes): 10 KB, then doublings from 100 KB, then 4 MB.
SIZES_KB = (10, 25, 50, 100, 200, 400, 800, 1600, 3200, 4096)


def _clean_for(case: Case) -> Callable[[str], object]:
    sys.path.insert(0, str(ROOT / "src"))
    from cnpolicytext import clean, clean_with_edits

    options = {"boilerplate": [USER_PATTERN]} if case.user_pattern else {}
    return (lambda t: clean_with_edits(t, **options)) if case.tracked else (lambda t: clean(t, **options))


def measure(case: Case, size: int, min_total: float = 0.5) -> float:
    """Best CPU time of clean on the case's input of ``size`` bytes, in this process.

    CPU time, not wall time: the machines this runs on are shared, and a busy neighbour
    would otherwise show up as growth."""
    run = _clean_for(case)
    text = case.text(size)
    run(case.text(1000))  # warm up: dictionaries, compiled patterns
    best = math.inf
    total = 0.0
    while total < min_total or best == math.inf:
        t0 = time.process_time()
        run(text)
        took = time.process_time() - t0
        best = min(best, took)
        total += took
        if took > min_total:
            break
    return best


def measure_in_subprocess(case: Case, size: int, budget: float) -> float | None:
    """``measure`` in a fresh process; None when it did not finish within ``budget`` seconds."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    try:
        r = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--one", case.name, "--size", str(size)],
                           capture_output=True, text=True, timeout=budget, env=env)
    except subprocess.TimeoutExpired:
        return None
    if r.returncode != 0:
        raise RuntimeError(f"{case.name} at {size} bytes failed:\n{r.stderr.strip()}")
    return float(json.loads(r.stdout)["seconds"])


def growth(points: list[tuple[int, float]]) -> list[float]:
    """Growth per doubling between consecutive (size, seconds) points."""
    return [(t2 / t1) ** (1 / math.log2(s2 / s1)) if t1 > 0 else math.inf
            for (s1, t1), (s2, t2) in itertools.pairwise(points)]


def fitted_growth(points: list[tuple[int, float]]) -> float | None:
    """Growth per doubling of the least-squares line through log2(size), log2(time): one
    figure for a range of sizes, steadier than any single step (timer resolution, caches)."""
    pts = [(math.log2(s), math.log2(t)) for s, t in points if t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return 2 ** (sum((x - mx) * (y - my) for x, y in pts) / sxx) if sxx else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", help="comma-separated case names (default: all)")
    ap.add_argument("--max-kb", type=float, default=4096, help="largest size in KB (default 4096)")
    ap.add_argument("--budget", type=float, default=120, help="seconds one measurement may take (default 120)")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:  # a child process: measure one case at one size (once: a single run)
        print(json.dumps({"seconds": measure(BY_NAME[args.one], args.size, 0.0 if args.once else 0.5)}))
        return 0
    names = args.cases.split(",") if args.cases else [c.name for c in CASES]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        ap.error(f"unknown case(s) {unknown}; known: {', '.join(BY_NAME)}")
    sizes = [int(kb * 1000) for kb in SIZES_KB if kb <= args.max_kb]
    report = {}
    worst_from_100k = 0.0
    print(f"{'case':<22}{'module':<13}" + "".join(f"{s // 1000:>9}K" for s in sizes)
          + "   per doubling ≥100K: fit (steps)")
    for name in names:
        case = BY_NAME[name]
        points: list[tuple[int, float]] = []
        cells = []
        gave_up = None
        for size in sizes:
            took = measure_in_subprocess(case, size, args.budget)
            if took is None:
                gave_up = size
                cells.append(f">{args.budget:.0f}s".rjust(10))
                break
            points.append((size, took))
            cells.append(f"{took:>10.3f}")
        cells += ["".rjust(10)] * (len(sizes) - len(cells))
        steps = growth(points)
        late = [p for p in points if p[0] >= 100_000]
        fit = fitted_growth(late)
        if gave_up is not None:
            verdict = f"did not finish at {gave_up // 1000}K"
            worst_from_100k = math.inf
        elif fit is None:
            verdict = "-"
        else:
            late_steps = " ".join(f"{g:.2f}" for (s1, _), g in zip(points, steps, strict=False) if s1 >= 100_000)
            verdict = f"{fit:.2f} ({late_steps})" + ("" if fit <= 2.2 else "  > 2.2")
            worst_from_100k = max(worst_from_100k, fit)
        print(f"{name:<22}{case.module:<13}" + "".join(cells) + f"   {verdict}", flush=True)
        report[name] = {"module": case.module, "what": case.what, "points": points,
                        "growth_per_doubling": steps, "fitted_growth_from_100k": fit,
                        "did_not_finish_at": gave_up}
    ok = worst_from_100k <= 2.2
    print(f"\nworst growth per doubling from 100 KB: "
          f"{'did not finish' if worst_from_100k == math.inf else f'{worst_from_100k:.2f}'}"
          f" (target ≤ 2.2): {'ok' if ok else 'NOT MET'}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
