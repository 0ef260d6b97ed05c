"""``clean FOLDER -o OUT -j N``: the speed-up of N jobs over one, on a folder of files.

    python benchmarks/folder_jobs.py [--files 200] [--jobs 1,2] [--repeat 3]

Writes ``--files`` documents (the shared corpus, repeated with the perturbations of
``cnpolicytext bench``: hard wraps, chunk prefixes, page numbers) into a temporary folder,
then times the command line cleaning that folder into another, once per job count and round
(best of ``--repeat`` interleaved rounds), as a user would run it: each run is a fresh
process, so importing the package, building the pipeline and starting the workers count.
This is ``cnpolicytext bench --folder FILES`` on the shared corpus. The load average before
the run is printed: on a shared machine, a speed-up below the number of cores often means
other work was running.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cnpolicytext.bench import bench_folder  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    print(f"{os.cpu_count()} cores")
    bench_folder(texts, args.files, [int(j) for j in args.jobs.split(",")], args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
