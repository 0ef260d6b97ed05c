"""Digest of what the cleaner outputs, to prove a speed-up changed nothing.

    python benchmarks/output_digest.py --write      # store the digests of the current code
    python benchmarks/output_digest.py              # compare the current code against them

Three sources: the noisy documents of ``../shared/corpus``, every record of
``../shared/corpus-dev``, and a few thousand generated texts (seeded, so the same on every
run and machine) built from fragments that trigger every normalizer: page numbers, wrapped
lines, spaced Han, marks of both widths, numerals, Traditional characters, chrome words,
Markdown. For each text the digest records the SHA-256 of ``clean()``'s output and of the
spans and replacements of ``clean_with_edits()`` (rule names left out, so renaming a rule is
not a change of output). Only digests are stored (``benchmarks/output_digest.json``), never
corpus text. Exit status 1 lists the texts whose output differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cnpolicytext import clean, clean_with_edits  # noqa: E402

STORE = ROOT / "benchmarks" / "output_digest.json"

FRAGMENTS = [
    "各级人民政府应当加强", "统筹推进", "高质量发展", "的", "工作", "。", "，", "；", "：", "、",
    ",", ";", ":", "(", ")", "（", "）", "“", "”", '"', "'", "《", "》", "……", "...", "—", "--",
    " ", "  ", "\u3000", "\t", "\n", "\n\n", "\r\n", "\u00a0", "\u200b",
    "1", "12", "2024", "3.5", "１２", "三", "十一五", "二〇二四年", "百分之三十", "第5页", "- 3 -",
    "共12页", "第一章", "第二条", "一、", "（一）", "1.", "（1）", "①", "# ", "## ", "- ", "> ",
    "關於", "發展", "經濟", "為", "首页", "浏览次数", "打印本页", "来源：", "责任编辑",
    "http://example.org/a", "ISO_9001", "GB/T 7714", "abc", "Policy", "字 字 字",
]


def generated(count: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 60)))


def sources(shared: Path, count: int) -> Iterator[tuple[str, str]]:
    for path in sorted((shared / "corpus").glob("*.txt")):
        yield f"corpus/{path.name}", path.read_text(encoding="utf-8")
    for path in sorted((shared / "corpus-dev").glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                yield f"corpus-dev/{path.name}:{number}", json.loads(line)["text"]
    for number, text in enumerate(generated(count, seed=20261201), 1):
        yield f"generated:{number}", text


def digest(text: str) -> list[str]:
    cleaned = clean(text)
    result = clean_with_edits(text)
    edits = [(e.start, e.end, e.replacement) for e in result.edits]
    return [
        hashlib.sha256(cleaned.encode("utf-8", "surrogatepass")).hexdigest()[:16],
        hashlib.sha256(json.dumps(edits, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()[:16],
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="store the digests of the current code")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--generated", type=int, default=3000, help="how many generated texts")
    args = ap.parse_args(argv)
    current = {name: digest(text) for name, text in sources(args.shared, args.generated)}
    if args.write:
        STORE.write_text(json.dumps(current, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"stored {len(current)} digests in {STORE.relative_to(ROOT)}")
        return 0
    stored = json.loads(STORE.read_text(encoding="utf-8"))
    text_diff = [n for n in stored if n in current and current[n][0] != stored[n][0]]
    edit_diff = [n for n in stored if n in current and current[n][1] != stored[n][1] and n not in text_diff]
    missing = [n for n in stored if n not in current]
    print(f"{len(stored)} stored, {len(current)} now: {len(text_diff)} outputs differ, "
          f"{len(edit_diff)} edit lists differ, {len(missing)} not found")
    for name in (text_diff + edit_diff)[:30]:
        print(f"  differs: {name}")
    return 1 if text_diff or edit_diff else 0


if __name__ == "__main__":
    raise SystemExit(main())
