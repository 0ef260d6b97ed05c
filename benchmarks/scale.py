"""The issue-7 benchmark: sizes 1/10/100 MB, peak memory, jobs scaling, peers, a plot.

Usage: python benchmarks/scale.py   (a thin wrapper over ``python -m cnpolicytext bench``)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cnpolicytext.bench import main  # noqa: E402

if __name__ == "__main__":
    corpus = sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"))
    raise SystemExit(main([*map(str, corpus), "--sizes", "1,10,100", "--jobs", "1,2", "--peers", "--memory",
                           "--plot", str(ROOT / "docs" / "scaling.png"), "--json",
                           str(ROOT / "benchmarks" / "results" / "scale.json"), *sys.argv[1:]]))
