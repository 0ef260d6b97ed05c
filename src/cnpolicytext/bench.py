"""``python -m cnpolicytext bench``: measure cleaning on this machine and these files.

Every figure is printed next to a reference measured in the same run — one ``regex``
substitution pass over the same text — because shared machines are noisy and absolute
times drift. Sizes are reached by repeating the input with perturbations (hard wraps,
chunk prefixes, page numbers), so that no two copies are identical.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import regex

from .core import Context
from .pipeline import Pipeline
from .testing import SAMPLE, chunk_prefixes, hard_wrap, page_numbers

REFERENCE = regex.compile(r"(?<=\p{Han})[ \t\u3000]+(?=\p{Han})")


def perturbed_documents(texts: list[str], nbytes: float) -> list[str]:
    """Documents whose UTF-8 size adds up to about ``nbytes``: the inputs, repeated with noise."""
    return list(iter_perturbed(texts, nbytes))


def iter_perturbed(texts: list[str], nbytes: float) -> Iterator[str]:
    """The documents of :func:`perturbed_documents`, one at a time (flat memory)."""
    size, i = 0, 0
    while size < nbytes:
        text = texts[i % len(texts)]
        variant = i // len(texts)
        if variant % 4 == 1:
            text = hard_wrap(text, 24 + variant % 30)
        elif variant % 4 == 2:
            text = chunk_prefixes(text, 200 + variant % 150)
        elif variant % 4 == 3:
            text = page_numbers(text, 300 + variant % 200, 1 + variant % 40)
        yield text
        size += len(text.encode("utf-8"))
        i += 1


def timed(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _row(label: str, seconds: float, nbytes: int, ref: float) -> dict[str, Any]:
    mbs = nbytes / 1e6 / seconds
    print(f"  {label:34s} {mbs:9.2f} MB/s  {ref / seconds:7.3f} x reference")
    return {"label": label, "mb_per_s": mbs, "ratio_to_reference": ref / seconds}


def bench_sizes(texts: list[str], sizes: list[float], pipeline: Pipeline, repeat: int) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        docs = perturbed_documents(texts, size * 1e6)
        nbytes = sum(len(d.encode("utf-8")) for d in docs)
        print(f"{nbytes / 1e6:.1f} MB in {len(docs)} documents")
        ref = timed(lambda: [REFERENCE.sub("", d) for d in docs], repeat)
        rows.append({"size_mb": nbytes / 1e6, **_row("reference: one regex pass", ref, nbytes, ref)})
        stage = docs
        for step in pipeline.steps:
            current = stage
            seconds = timed(lambda: [step.run(d, Context()) for d in current], repeat)
            rows.append({"size_mb": nbytes / 1e6, **_row(step.name, seconds, nbytes, ref)})
            stage = [step.run(d, Context()) for d in current]
        seconds = timed(lambda: [pipeline.clean(d) for d in docs], repeat)
        rows.append({"size_mb": nbytes / 1e6, **_row("pipeline", seconds, nbytes, ref)})
    return rows


def bench_jobs(texts: list[str], size: float, jobs_list: list[int], pipeline: Pipeline) -> list[dict[str, Any]]:
    from .parallel import clean_texts

    docs = perturbed_documents(texts, size * 1e6)
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    print(f"scaling with jobs, {nbytes / 1e6:.1f} MB in {len(docs)} documents")
    ref = timed(lambda: [REFERENCE.sub("", d) for d in docs], 1)
    rows = []
    base = None
    for jobs in jobs_list:
        seconds = timed(lambda: list(clean_texts(docs, pipeline=pipeline, jobs=jobs)), 1)
        base = base or seconds
        row = _row(f"jobs={jobs}", seconds, nbytes, ref)
        row.update(jobs=jobs, speedup=base / seconds)
        print(f"    speed-up over one job: {base / seconds:.2f}x")
        rows.append(row)
    return rows


def peak_memory(files: list[Path], size: float) -> float | None:
    """Peak RSS in MB of a fresh process that cleans ``size`` MB of perturbed documents."""
    code = (
        "import sys\n"
        "from cnpolicytext.bench import iter_perturbed\n"
        "from cnpolicytext.reader import read_file\n"
        "from cnpolicytext.testing import SAMPLE\n"
        "from cnpolicytext import Pipeline\n"
        "p = Pipeline.default()\n"
        f"texts = [read_file(f).text for f in {[str(f) for f in files]!r}] or [SAMPLE]\n"
        f"for d in iter_perturbed(texts, {size * 1e6}):\n"
        "    p.clean(d)\n"
        # VmHWM: this process's own peak (ru_maxrss would carry over the parent's at fork).
        "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) / 1024)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=3600)
        return float(out.stdout.strip().splitlines()[-1])
    except (OSError, ValueError, IndexError, subprocess.TimeoutExpired):
        return None


def _peer_functions() -> list[tuple[str, Callable[[str], object]]]:
    """The peers that are installed, each as a function of one document."""
    peers: list[tuple[str, Callable[[str], object]]] = []
    try:
        import jionlp

        peers.append(("jionlp.clean_text", jionlp.clean_text))
    except Exception:  # an optional peer may fail to import in many ways
        pass
    try:
        import cn2an

        peers.append(("cn2an.transform", lambda t: cn2an.transform(t, "cn2an")))
    except ImportError:
        pass
    try:
        import opencc

        peers.append(("opencc-python-reimplemented t2s", opencc.OpenCC("t2s").convert))
    except ImportError:
        pass
    try:
        import ftfy

        peers.append(("ftfy.fix_text", ftfy.fix_text))
    except ImportError:
        pass
    return peers


def interleaved(jobs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Best time of each job over ``repeat`` rounds that run every job once, in turn: a
    burst of load on a shared machine then costs every job of that round alike instead of
    whichever happened to be timed during it."""
    best = dict.fromkeys(jobs, float("inf"))
    for _ in range(repeat):
        for name, fn in jobs.items():
            best[name] = min(best[name], timed(fn, 1))
    return best


def bench_peers(texts: list[str], size: float, pipeline: Pipeline, repeat: int = 3) -> list[dict[str, Any]]:
    import warnings

    warnings.filterwarnings("ignore")
    docs = perturbed_documents(texts, size * 1e6)
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    print(f"peers, {nbytes / 1e6:.1f} MB in {len(docs)} documents, best of {repeat} interleaved rounds")
    cleaned = [pipeline.clean(d) for d in docs]
    clean_bytes = sum(len(d.encode("utf-8")) for d in cleaned)
    short = _short_text(cleaned, 100)
    count = 2000
    peers = _peer_functions()
    jobs: dict[str, Callable[[], object]] = {
        "reference": lambda: [REFERENCE.sub("", d) for d in docs],
        "clean": lambda: [pipeline.clean(d) for d in docs],
        "tracked": lambda: [pipeline.run(d) for d in docs],
        "clean text": lambda: [pipeline.clean(d) for d in cleaned],
        "short": lambda: [pipeline.clean(short) for _ in range(count)],
    }
    for name, fn in peers:
        jobs[name] = lambda fn=fn: [fn(d) for d in docs]  # type: ignore[misc]
    best = interleaved(jobs, repeat)
    ref, ours, tracked = best["reference"], best["clean"], best["tracked"]
    rows = [_row("cnpolicytext default pipeline", ours, nbytes, ref)]
    rows.append(_row("cnpolicytext clean_with_edits", tracked, nbytes, ref))
    rows[-1]["over_clean"] = tracked / ours
    print(f"    {tracked / ours:.2f}x the time of clean()")
    rows.append(_row("cnpolicytext on already clean text", best["clean text"], clean_bytes, ref * clean_bytes / nbytes))
    per_text = best["short"] / count
    print(f"  {'a 100-character text':34s} {per_text * 1e6:9.1f} µs per call")
    rows.append({"label": "a 100-character text", "microseconds": per_text * 1e6})
    for name, _ in peers:
        seconds = best[name]
        row = _row(name, seconds, nbytes, ref)
        row["ours_over_peer"] = seconds / ours
        print(f"    cnpolicytext is {seconds / ours:.2f}x its throughput")
        rows.append(row)
    return rows


def bench_folder(texts: list[str], files: int, jobs_list: list[int], repeat: int) -> list[dict[str, Any]]:
    """``clean FOLDER -o OUT -j N`` as a user runs it (a fresh process each time, so imports,
    building the pipeline and starting workers count): ``files`` perturbed documents in a
    temporary folder, timed once per job count and round, rounds interleaved.

    The same command on a folder of one 100-character file is timed beside it: that is the
    fixed cost of a run (Python, imports, the pipeline, the workers), which no number of
    jobs divides. The speed-up of the cleaning itself is the one with it taken away."""
    import itertools
    import tempfile

    docs = list(itertools.islice(iter_perturbed(texts, float("inf")), files))
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).resolve().parent.parent), *filter(None, [os.environ.get("PYTHONPATH")])])}
    print(f"a folder of {len(docs)} files, {nbytes / 1e6:.1f} MB, cleaned by the command line "
          f"(load average {os.getloadavg()[0]:.2f})")
    with tempfile.TemporaryDirectory() as tmp:
        src, one = Path(tmp, "in"), Path(tmp, "one")
        src.mkdir()
        one.mkdir()
        for i, doc in enumerate(docs):
            Path(src, f"doc{i:04d}.txt").write_text(doc, encoding="utf-8")
        Path(one, "short.txt").write_text(_short_text(texts, 100), encoding="utf-8")

        def command(folder: Path, jobs: int) -> Callable[[], object]:
            out = Path(tmp, f"out-{folder.name}-{jobs}")
            return lambda: subprocess.run([sys.executable, "-m", "cnpolicytext", "clean", str(folder), "-o", str(out),
                                           "-j", str(jobs), "-q"], check=True, env=env)

        commands = {f"{folder.name} {j}": command(folder, j) for j in jobs_list for folder in (src, one)}
        best = interleaved(commands, repeat)
    rows = []
    base, base_fixed = best[f"in {jobs_list[0]}"], best[f"one {jobs_list[0]}"]
    for jobs in jobs_list:
        seconds, fixed = best[f"in {jobs}"], best[f"one {jobs}"]
        net = (base - base_fixed) / (seconds - fixed) if seconds > fixed and base > base_fixed else None
        print(f"  -j {jobs:<31d} {seconds:9.2f} s     {nbytes / 1e6 / seconds:6.2f} MB/s  "
              f"speed-up {base / seconds:.2f}x")
        print(f"    of which fixed cost {fixed:.2f} s (one short file); "
              f"without it {'n/a' if net is None else f'{net:.2f}x'}")
        rows.append({"jobs": jobs, "seconds": seconds, "mb_per_s": nbytes / 1e6 / seconds, "speedup": base / seconds,
                     "fixed_seconds": fixed, "net_speedup": net})
    return rows


def _short_text(texts: list[str], length: int) -> str:
    """A stretch of ``length`` characters of running text from the inputs (the first line
    that long), for the fixed cost of one call on a short record."""
    for text in texts:
        for line in text.split("\n"):
            if len(line) >= length:
                return line[:length]
    return (SAMPLE * (length // max(1, len(SAMPLE)) + 1))[:length]


def plot(result: dict[str, Any], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for label, style in (("pipeline", "o-"), ("unicode", "^:"), ("punctuation", "v:"), ("pagebreak", "s:")):
        rows = [r for r in result["sizes"] if r["label"] == label]
        left.plot([r["size_mb"] for r in rows], [r["mb_per_s"] for r in rows], style, label=label)
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlabel("input size (MB, log)")
    left.set_ylabel("MB/s (log)")
    left.set_title("throughput against input size")
    left.legend(fontsize=8)
    jobs = result.get("jobs", [])
    if jobs:
        xs = [r["jobs"] for r in jobs]
        right.plot(xs, [r["mb_per_s"] for r in jobs], "o-", label="measured")
        right.plot(xs, [jobs[0]["mb_per_s"] * x for x in xs], "--", color="grey", label="linear")
        right.set_ylim(bottom=0)
        right.set_xticks(xs)
        right.set_xlabel("jobs")
        right.set_ylabel("MB/s")
        right.set_title("pipeline throughput against jobs")
        right.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="cnpolicytext bench", description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, help="your documents (default: a bundled sample)")
    ap.add_argument("--sizes", default="1,10", help="input sizes in MB, comma-separated (e.g. 1,10,100)")
    ap.add_argument("--jobs", default=None, help="job counts to compare, comma-separated (default: 1,cores)")
    ap.add_argument("--peers", action="store_true", help="also time jionlp, cn2an, opencc and ftfy if installed")
    ap.add_argument("--memory", action="store_true", help="peak RSS of a process cleaning the largest size")
    ap.add_argument("--repeat", type=int, default=1, help="best of N runs for the sizes (default 1)")
    ap.add_argument("--peer-repeat", type=int, default=3, metavar="N",
                    help="best of N interleaved rounds for --peers and --folder (default 3)")
    ap.add_argument("--folder", type=int, default=0, metavar="FILES",
                    help="also time the command line on a folder of FILES documents, once per job count")
    ap.add_argument("--plot", type=Path, help="save a PNG of throughput against size and jobs")
    ap.add_argument("--json", type=Path, help="save every figure as JSON")
    args = ap.parse_args(argv)
    from .parallel import default_jobs
    from .reader import read_file

    texts = [read_file(str(f)).text for f in args.files] or [SAMPLE]
    sizes = [float(s) for s in args.sizes.split(",")]
    jobs_list = [int(j) for j in args.jobs.split(",")] if args.jobs else sorted({1, default_jobs()})
    pipeline = Pipeline.default()
    print(f"cnpolicytext bench: {len(texts)} input document(s), {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f} (ratios drift less than times)")
    result: dict[str, Any] = {"sizes": bench_sizes(texts, sizes, pipeline, args.repeat)}
    result["jobs"] = bench_jobs(texts, min(sizes[-1], 20.0), jobs_list, pipeline)
    if args.peers:
        result["peers"] = bench_peers(texts, min(sizes[0], 2.0), pipeline, args.peer_repeat)
    if args.folder:
        result["folder"] = bench_folder(texts, args.folder, jobs_list, args.peer_repeat)
    if args.memory:
        result["peak_rss_mb"] = {str(sizes[-1]): peak_memory(args.files, sizes[-1])}
        print(f"peak RSS cleaning {sizes[-1]:g} MB: {result['peak_rss_mb'][str(sizes[-1])]} MB")
    if args.plot and plot(result, args.plot):
        print(f"plot saved to {args.plot}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0
