"""Run the fuzz target for a bounded time (not part of the default test run).

    python tests/fuzz/run_fuzz.py --seconds 1800                 # atheris, 30 minutes
    python tests/fuzz/run_fuzz.py --seconds 600 --engine hypothesis --examples 200000

atheris keeps its corpus in ``--corpus`` (default ``tests/fuzz/corpus``, not committed) and
writes a failing input as ``crash-*`` under ``--artifacts``; replay one with
``python tests/fuzz/fuzz_clean.py ARTIFACT``. ``--only unicode,punctuation`` fuzzes a few
normalizers alone (``CNPOLICYTEXT_FUZZ_ONLY``), to look past a known failure elsewhere.
The hypothesis engine stops at ``--examples`` or ``--seconds``, whichever comes first. Exit status 0: no failure found.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=int, default=600, help="how long to fuzz (default 600)")
    ap.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    ap.add_argument("--examples", type=int, default=1_000_000, help="hypothesis: most examples to try")
    ap.add_argument("--corpus", default=str(HERE / "corpus"))
    ap.add_argument("--artifacts", default=str(HERE / "artifacts"))
    ap.add_argument("--max-len", type=int, default=4096, help="atheris: longest input in bytes")
    ap.add_argument("--only", help="comma-separated normalizers to fuzz alone (default: the whole pipeline)")
    args = ap.parse_args(argv)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    if args.only:
        os.environ["CNPOLICYTEXT_FUZZ_ONLY"] = args.only
    started = time.monotonic()
    if engine == "atheris":
        Path(args.corpus).mkdir(parents=True, exist_ok=True)
        Path(args.artifacts).mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, str(HERE / "fuzz_clean.py"), f"-max_total_time={args.seconds}",
               f"-max_len={args.max_len}", f"-artifact_prefix={Path(args.artifacts)}{os.sep}",
               "-print_final_stats=1", args.corpus]
        print(" ".join(cmd), flush=True)
        code = subprocess.run(cmd, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}).returncode
    else:
        sys.path.insert(0, str(HERE))
        from fuzz_clean import hypothesis_main

        print(f"hypothesis: up to {args.examples} examples or {args.seconds} s", flush=True)
        try:
            hypothesis_main(args.examples, args.seconds)
            code = 0
        except Exception as e:  # the failing example is printed by hypothesis
            print(f"FAILED: {type(e).__name__}: {e}"[:2000], file=sys.stderr)
            code = 1
    print(f"{engine}: {'no failure' if code == 0 else 'FAILURE'} in {time.monotonic() - started:.0f} s")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
