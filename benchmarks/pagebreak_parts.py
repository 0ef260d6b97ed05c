"""Where `pagebreak` spends its time, on the texts it is given inside `clean()`.

Usage: python benchmarks/pagebreak_parts.py [--corpus ../shared/corpus] [--mb 1] [--repeat 5]

The step runs about twice per document (the pipeline repeats rounds until nothing changes),
each time on the text as that round hands it over. Those texts are recorded from a run of
`clean()` over the bench's documents (`perturbed_documents`), then the whole step and each
of its parts is timed on them: CPU time (`time.process_time`), best of --repeat, with the
share of the whole step. Caches keyed on line text are warm after the first repeat, as
they are in a pipeline's second round for the lines the first left alone.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cnpolicytext import clean  # noqa: E402
from cnpolicytext.bench import perturbed_documents  # noqa: E402
from cnpolicytext.core import Context  # noqa: E402
from cnpolicytext.layout import analyse  # noqa: E402
from cnpolicytext.normalizers import pagebreak  # noqa: E402


def recorded_inputs(docs: list[str]) -> list[str]:
    """The texts `pagebreak` runs on while `clean()` cleans ``docs``."""
    seen: list[str] = []
    run = pagebreak.PagebreakNormalizer.run

    def recording(self: pagebreak.PagebreakNormalizer, text: str, ctx: Context) -> str:
        seen.append(text)
        return run(self, text, ctx)

    pagebreak.PagebreakNormalizer.run = recording  # type: ignore[method-assign]
    try:
        for doc in docs:
            clean(doc)
    finally:
        pagebreak.PagebreakNormalizer.run = run  # type: ignore[method-assign]
    return seen


def best(texts: list[str], part: Callable[[str], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        for text in texts:
            part(text)
        times.append(time.process_time() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--mb", type=float, default=1.0, help="size of the bench's documents in MB of UTF-8")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    corpus = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    if not corpus:
        raise SystemExit(f"no corpus documents in {args.corpus}")
    texts = recorded_inputs(perturbed_documents(corpus, args.mb * 1e6))
    step = pagebreak.PagebreakNormalizer()
    parts: list[tuple[str, Callable[[str], object]]] = [
        ("run (the whole step)", lambda t: step.run(t, Context())),
        ("page number lines", pagebreak._furniture_lines),
        ("running headers", lambda t: step._headers(t, Context(), 0)),
        ("chunk prefixes", lambda t: step._chunk_prefixes(t, Context())),
        ("hard-wrapped lines", lambda t: step._join_lines(t, Context())),
        ("  of which layout.analyse", lambda t: analyse(t.split("\n"), t)),
        ("spilled page numbers", lambda t: step._page_numbers(t, Context())),
    ]
    print(f"{len(texts)} pagebreak inputs, {sum(map(len, texts)) / 1e6:.2f} M characters, best of {args.repeat}")
    whole = 0.0
    for name, part in parts:
        seconds = best(texts, part, args.repeat)
        whole = whole or seconds
        print(f"{name:28s} {seconds * 1000:8.1f} ms  {seconds / whole:6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
