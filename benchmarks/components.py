"""Component benchmarks for the issues' targets, each next to a reference measured in the same run.

Usage: python benchmarks/components.py [--corpus ../shared/corpus] [--mb 10]

* script: the built-in converter against opencc-python-reimplemented (t2s) on 001 repeated
  to --mb MB, and the fast path (nothing to convert) on the Simplified documents;
* reader: decoding a GB18030 file of the corpus, against str.decode with the right codec;
* pagebreak: MB/s at 1 MB and at 50 MB (the document-level analysis must stay linear);
* numerals: against cn2an.transform(..., "cn2an"): conversions right and wrong on the shared
  examples and on the fixed-expression list, and MB/s.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cnpolicytext import get_normalizer  # noqa: E402
from cnpolicytext.core import Context  # noqa: E402
from cnpolicytext.normalizers.script import converter  # noqa: E402
from cnpolicytext.reader import decode  # noqa: E402
from throughput import best_time, corpus_text  # noqa: E402


def mbs(nbytes: int, seconds: float) -> float:
    return nbytes / 1e6 / seconds


def bench_script(corpus: Path, mb: float) -> None:
    import opencc

    trad = corpus_text(corpus, mb, lambda n: n.startswith("001"))
    nbytes = len(trad.encode("utf-8"))
    ours = converter("t2s")
    ours.convert("預熱")
    ref = opencc.OpenCC("t2s")
    t_ours = best_time(lambda: ours.convert(trad), 3)
    t_ref = best_time(lambda: ref.convert(trad), 1)
    assert ours.convert(trad) == ref.convert(trad)
    print(f"script t2s, 001 x {mb:g} MB: ours {mbs(nbytes, t_ours):7.2f} MB/s, opencc-python-reimplemented "
          f"{mbs(nbytes, t_ref):6.2f} MB/s, ratio {t_ref / t_ours:5.1f}x (identical output)")
    simp = corpus_text(corpus, mb, lambda n: not n.startswith("001"))
    nbytes = len(simp.encode("utf-8"))
    step = get_normalizer("script")()
    t_fast = best_time(lambda: step.run(simp, Context()), 3)
    t_ref_simp = best_time(lambda: ref.convert(simp[: len(simp) // 10]), 1) * 10
    print(f"script fast path, Simplified docs x {mb:g} MB: {mbs(nbytes, t_fast):7.2f} MB/s "
          f"(t2s on the same text: {mbs(nbytes, t_ref_simp):5.2f} MB/s, ratio {t_ref_simp / t_fast:5.0f}x)")


def bench_reader(corpus: Path, mb: float) -> None:
    text = corpus_text(corpus, mb, lambda n: not n.startswith("001"))
    data = text.encode("gb18030")
    t_ours = best_time(lambda: decode(data), 3)
    t_ref = best_time(lambda: data.decode("gb18030"), 3)
    assert decode(data).text == text
    print(f"reader, GB18030 x {len(data) / 1e6:.1f} MB: detect+decode {mbs(len(data), t_ours):7.2f} MB/s, "
          f"plain decode {mbs(len(data), t_ref):7.2f} MB/s, ratio {t_ref / t_ours:5.2f}")


def bench_pagebreak(corpus: Path) -> None:
    step = get_normalizer("pagebreak")()
    for size in (1, 50):
        text = corpus_text(corpus, size)
        nbytes = len(text.encode("utf-8"))
        seconds = best_time(lambda: step.run(text, Context()), 2 if size < 10 else 1)
        print(f"pagebreak at {size:3d} MB: {mbs(nbytes, seconds):7.2f} MB/s")


def bench_numerals(corpus: Path, mb: float) -> None:
    import warnings

    import cn2an

    warnings.filterwarnings("ignore", module="cn2an")  # it warns on every 十一五 it cannot parse

    cases = [json.loads(line) for line in (corpus.parent / "spec" / "examples.jsonl").read_text("utf-8").splitlines()
             if line.strip()]
    cases = [c for c in cases if c["category"] in ("numerals", "negative")]
    fixed = [ln for ln in (ROOT / "tests" / "data" / "fixed_expressions.txt").read_text("utf-8").splitlines() if ln]
    ours = get_normalizer("numerals")()
    prep = [get_normalizer(n)() for n in ("unicode", "script", "paragraphs", "punctuation", "whitespace")]

    def prepared(text: str) -> str:
        for step in prep:
            text = step.run(text, Context())
        return text

    def transform(text: str) -> str:
        return cn2an.transform(text, "cn2an")

    rows = []
    for name, fn in (("cnpolicytext numerals", ours), ("cn2an.transform", transform)):
        right = wrong = 0
        for case in cases:
            source, target = prepared(case["input"]), case["expected"]
            out = fn(source)
            right += out == target
            wrong += out != target and out != source
        kept = sum(fn(expr) == expr for expr in fixed)
        text = corpus_text(corpus, mb / 10, lambda n: not n.startswith("001"))
        seconds = best_time(lambda: fn(text), 2)
        rows.append((name, right, wrong, len(cases), kept, len(fixed), mbs(len(text.encode("utf-8")), seconds)))
    print("| converter | examples right | examples made wrong | fixed expressions kept | MB/s |")
    print("|---|---|---|---|---|")
    for name, right, wrong, n, kept, nf, speed in rows:
        print(f"| {name} | {right}/{n} | {wrong} | {kept}/{nf} | {speed:.2f} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--mb", type=float, default=10.0)
    args = ap.parse_args(argv)
    bench_script(args.corpus, args.mb)
    bench_reader(args.corpus, args.mb)
    bench_pagebreak(args.corpus)
    bench_numerals(args.corpus, args.mb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
