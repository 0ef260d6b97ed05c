"""Fuzz target: clean never raises, is idempotent, its edits replay, tracking on/off agree.

Run it through ``tests/fuzz/run_fuzz.py`` (bounded in time; not part of the default test
run). With atheris (``pip install atheris``) the bytes become text by a small grammar of
policy-text pieces and long runs (so that coverage-guided mutation reaches the patterns
that matter), or as raw Unicode; without it, ``hypothesis_main`` draws the same kinds of
text from ``tests/strategies_runs.py``.

    python tests/fuzz/fuzz_clean.py -max_total_time=60 CORPUS_DIR   # atheris directly
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

#: Pieces the grammar draws from: policy text, markup, the marks and the runs of issue 15.
PIECES = [
    "字", "的", "為", "鍊鎖", "發", "乾县", "濛溪河", "二噁英", "一、", "（一）", "(一)", "1.", "1、", "①", "⑵", "㈢",
    "—", "——", "-", "－", "--", "。", "，", "；", "：", "？", "！", ",", ";", ":", "?", "!", "(", ")", "（", "）",
    "\"", "'", "“", "”", "‘", "’", "《", "》", "「", "」", "...", "…", "．", "8．8％", "50 %", "二○一○年",
    "百分之五十", "十一五", "第1页", "- 3 -", "浏览次数", "首页 > 通知", "发布时间：", " ", "\u3000", "\t",
    "\n", "\n\n", "# ", "- ", "| ", "> ", "---", "<!-- x -->", "```", "abc", "ISO_9001", "user_id", "R&D",
    "http://a.gov.cn/x?b=1", "\ufeff", "\u200b", "\r\n", "Ａ１", "(2009-2020年)", "（\n三）",
]
RUNS = [" ", "\u3000", ",", "，", "(", "（", "'", "\"", "“", "”", ".", "。", "-", "—", "1", "字 ", "a "]
SCRIPTS = ["zh-Hans", "zh-Hans", "zh-Hans", "zh-TW", "keep"]
MAX_RUN = 2000


#: Normalizers to fuzz alone (``CNPOLICYTEXT_FUZZ_ONLY=unicode,punctuation``); all by default.
ONLY = tuple(n for n in os.environ.get("CNPOLICYTEXT_FUZZ_ONLY", "").split(",") if n)


def check(text: str, script: str = "zh-Hans") -> None:
    """The invariants: raise nothing, idempotent, edits replay, tracked == untracked."""
    from cnpolicytext import clean, clean_with_edits

    options = {"script": script, "only": ONLY} if ONLY else {"script": script}
    once = clean(text, **options)
    twice = clean(once, **options)
    assert twice == once, f"not idempotent: {text!r}"
    result = clean_with_edits(text, **options)
    assert result.text == once, f"tracking on and off disagree: {text!r}"
    assert result.verify(), f"edits do not replay: {text!r}"


def text_from_bytes(data: bytes) -> tuple[str, str]:
    """Text (and a script target) from fuzzer bytes: grammar pieces, runs, raw Unicode."""
    import atheris

    fdp = atheris.FuzzedDataProvider(data)
    script = SCRIPTS[fdp.ConsumeIntInRange(0, len(SCRIPTS) - 1)]
    parts: list[str] = []
    while fdp.remaining_bytes() and len(parts) < 40:
        kind = fdp.ConsumeIntInRange(0, 9)
        if kind <= 5:
            parts.append(PIECES[fdp.ConsumeIntInRange(0, len(PIECES) - 1)])
        elif kind <= 7:
            parts.append(RUNS[fdp.ConsumeIntInRange(0, len(RUNS) - 1)] * fdp.ConsumeIntInRange(1, MAX_RUN))
        else:
            parts.append(fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 64)))
    return "".join(parts), script


def test_one_input(data: bytes) -> None:
    text, script = text_from_bytes(data)
    check(text, script)


def hypothesis_main(max_examples: int, seconds: float | None = None) -> None:
    """The same invariants over hypothesis-drawn text (when atheris is not installed)."""
    import time

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    sys.path.insert(0, str(ROOT))
    from tests.strategies import any_unicode, policy_text
    from tests.strategies_runs import decimal_number, linking_dash, long_runs, note_reference, simplified_with_rare

    deadline = None if seconds is None else time.monotonic() + seconds
    texts = st.one_of(long_runs, policy_text, any_unicode, simplified_with_rare, linking_dash, decimal_number,
                      note_reference, st.lists(st.one_of(st.sampled_from(PIECES), long_runs), max_size=8).map("".join))

    @settings(max_examples=max_examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(texts, st.sampled_from(SCRIPTS))
    def run(text: str, script: str) -> None:
        if deadline is not None and time.monotonic() > deadline:
            return
        check(text, script)

    run()


def main() -> None:
    import atheris

    with atheris.instrument_imports(include=["cnpolicytext"]):
        import cnpolicytext  # noqa: F401
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
