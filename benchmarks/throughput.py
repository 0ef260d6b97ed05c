"""Throughput of each normalizer and of the whole pipeline, in MB/s of UTF-8 input.

Usage: python benchmarks/throughput.py [--mb 10] [--corpus ../shared/corpus] [--repeat 3]

Every figure is printed next to a reference measured in the same run: one `regex`
substitution pass over the same text (the machines are shared and noisy; ratios drift
less than absolute times). Each step is timed alone on the text as it reaches that step
in the default pipeline, so the per-step figures add up to the pipeline's work.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cnpolicytext import Pipeline  # noqa: E402
from cnpolicytext.bench import REFERENCE  # noqa: E402
from cnpolicytext.bench import timed as best_time  # noqa: E402
from cnpolicytext.core import Context  # noqa: E402


def corpus_text(folder: Path, mb: float, pick: Callable[[str], bool] = lambda name: True) -> str:
    docs = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")) if pick(p.name)]
    if not docs:
        raise SystemExit(f"no corpus documents in {folder}")
    unit = "\n".join(docs) + "\n"
    size = len(unit.encode("utf-8"))
    return unit * max(1, int(mb * 1e6 / size + 0.999))


def report(label: str, seconds: float, nbytes: int, ref: float) -> None:
    mbs = nbytes / 1e6 / seconds
    print(f"{label:28s} {mbs:9.2f} MB/s   {ref / seconds:6.3f} x reference   ({seconds:.3f} s)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="input size in MB (the corpus repeated)")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    text = corpus_text(args.corpus, args.mb)
    nbytes = len(text.encode("utf-8"))
    print(f"input: {nbytes / 1e6:.1f} MB of UTF-8 (corpus repeated), best of {args.repeat}")
    ref = best_time(lambda: REFERENCE.sub("", text), args.repeat)
    report("reference: one regex pass", ref, nbytes, ref)

    pipeline = Pipeline.default()
    stage = text
    for step in pipeline.steps:
        current = stage
        seconds = best_time(lambda: step.run(current, Context()), args.repeat)
        report(f"  {step.name}", seconds, nbytes, ref)
        stage = step.run(current, Context())
    report("pipeline clean()", best_time(lambda: pipeline.clean(text), args.repeat), nbytes, ref)
    foundation = Pipeline(["unicode", "paragraphs", "punctuation", "whitespace"])
    report("foundation clean() (issue 2)", best_time(lambda: foundation.clean(text), args.repeat), nbytes, ref)
    # Edit tracking is meant per document: measure it on the corpus documents one by one.
    docs = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    doc_bytes = sum(len(d.encode("utf-8")) for d in docs)
    doc_ref = best_time(lambda: [REFERENCE.sub("", d) for d in docs], args.repeat)
    report("per document: clean()", best_time(lambda: [pipeline.clean(d) for d in docs], args.repeat),
           doc_bytes, doc_ref)
    report("per document: run() with edits", best_time(lambda: [pipeline.run(d) for d in docs], args.repeat),
           doc_bytes, doc_ref)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
