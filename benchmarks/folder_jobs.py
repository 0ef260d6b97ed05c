"""``clean FOLDER -o OUT -j N``: the speed-up of N jobs over one, on a folder of files.

    python benchmarks/folder_jobs.py [--files 200] [--jobs 1,2] [--repeat 2]

Writes ``--files`` documents (the shared corpus, repeated with the perturbations of
``cnpolicytext bench``: hard wraps, chunk prefixes, page numbers) into a temporary folder,
then times the command line cleaning that folder into another, once per job count (best of
``--repeat``), as a user would run it. The load average before the run is printed: on a
shared machine, a speed-up below the number of cores often means other work was running.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cnpolicytext.bench import iter_perturbed  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    docs = list(itertools.islice(iter_perturbed(texts, float("inf")), args.files))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "in")
        src.mkdir()
        for i, doc in enumerate(docs):
            Path(src, f"doc{i:04d}.txt").write_text(doc, encoding="utf-8")
        nbytes = sum(len(d.encode("utf-8")) for d in docs)
        print(f"{len(docs)} files, {nbytes / 1e6:.1f} MB; load average {os.getloadavg()[0]:.2f}; "
              f"{os.cpu_count()} cores")
        base = None
        for jobs in (int(j) for j in args.jobs.split(",")):
            best = float("inf")
            for r in range(args.repeat):
                out = Path(tmp, f"out{jobs}-{r}")
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "cnpolicytext", "clean", str(src), "-o", str(out),
                                "-j", str(jobs), "-q"], check=True, env=env)
                best = min(best, time.perf_counter() - start)
            base = base or best
            print(f"  -j {jobs}: {best:6.2f} s  {nbytes / 1e6 / best:6.2f} MB/s  speed-up {base / best:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
