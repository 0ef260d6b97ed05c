"""Many texts: ordered parallel cleaning, records, statistics, --jobs, --jsonl, --stats (issue 7)."""

from __future__ import annotations

import json
import sys

import pytest

from cnpolicytext import Pipeline, clean, clean_with_edits
from cnpolicytext.parallel import Stats, clean_records, clean_texts
from cnpolicytext.testing import SAMPLE, chunk_prefixes, hard_wrap

from .conftest import corpus_files
from .test_cli import run

TEXTS = [hard_wrap(SAMPLE, w) for w in range(18, 40)] + [chunk_prefixes(SAMPLE, s) for s in range(60, 90, 3)] + \
    ["精神,结合 发展", "", "二○一○年四月二十九日"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_clean_texts_in_order(jobs):
    assert list(clean_texts(iter(TEXTS), jobs=jobs, batch=3)) == [clean(t) for t in TEXTS]


def test_clean_texts_with_a_configured_pipeline():
    p = Pipeline.default(skip=["punctuation"])
    assert list(clean_texts(["精神,结合 发展"], pipeline=p, jobs=2)) == ["精神,结合发展"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_clean_records_keeps_other_fields_and_adds_edits(jobs):
    records = [{"id": i, "body": t, "source": "x"} for i, t in enumerate(TEXTS)]
    stats = Stats()
    out = list(clean_records(records, text_key="body", edits=True, jobs=jobs, batch=4, stats=stats))
    assert [r["id"] for r in out] == list(range(len(TEXTS)))
    assert all(r["source"] == "x" for r in out)
    assert [r["body"] for r in out] == [clean(t) for t in TEXTS]
    assert out[-1]["cnpolicytext_edits"][0]["rule"] == "numerals.date"
    assert stats.documents == len(TEXTS)
    expected = Stats()
    for t in TEXTS:
        expected = expected + Stats.of(clean_with_edits(t))
    assert stats == expected  # merged across workers, the same as counted in one process


def test_records_without_the_text_field_are_an_error():
    with pytest.raises(ValueError, match="body"):
        list(clean_records([{"text": "x"}], text_key="body", jobs=1))


def test_stats_merge():
    a = Stats.of(clean_with_edits("精神,结合"))
    b = Stats.of(clean_with_edits("精 神"))
    total = a + b
    assert total.documents == 2 and total.changed == 2
    assert total.rules["punctuation.fullwidth"].edits == 1 and total.normalizers["whitespace"].documents == 1
    assert "punctuation.fullwidth" in total.table() and json.dumps(total.to_dict())


def test_cli_jobs_gives_the_same_output_as_one_job(tmp_path):
    files = corpus_files() or []
    src = tmp_path / "in"
    src.mkdir()
    for i, t in enumerate(TEXTS):
        (src / f"doc{i:02d}.txt").write_text(t, encoding="utf-8")
    for f in files:
        (src / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("clean", str(src), "-o", str(one), "-j", "1").returncode == 0
    r = run("clean", str(src), "-o", str(two), "-j", "2", "--stats-json")
    assert r.returncode == 0
    for f in sorted(one.iterdir()):
        assert (two / f.name).read_text(encoding="utf-8") == f.read_text(encoding="utf-8")
    stats = json.loads(r.stderr.decode("utf-8").strip().splitlines()[-1])
    assert stats["documents"] == len(TEXTS) + len(files)


def test_cli_jsonl(tmp_path):
    src = tmp_path / "records.jsonl"
    lines = [json.dumps({"id": i, "content": t}, ensure_ascii=False) for i, t in enumerate(TEXTS)]
    src.write_text("\n".join(lines[:3]) + "\nnot json\n" + "\n".join(lines[3:]) + "\n", encoding="utf-8")
    r = run("clean", "--jsonl", "--text-key", "content", "--with-edits", "--stats", "-j", "2", str(src))
    assert r.returncode == 1  # one bad line, reported with its number; the others cleaned
    assert "records.jsonl:4: not JSON" in r.stderr.decode("utf-8")
    out = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]
    assert [o["id"] for o in out] == list(range(len(TEXTS)))
    assert [o["content"] for o in out] == [clean(t) for t in TEXTS]
    assert all("cnpolicytext_edits" in o for o in out)
    assert "documents changed" not in r.stdout.decode("utf-8")
    assert "normalizer / rule" in r.stderr.decode("utf-8")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_jsonl_is_streamed_in_flat_memory(tmp_path):
    import subprocess

    from cnpolicytext.testing import SAMPLE

    from .conftest import ROOT

    src = tmp_path / "big.jsonl"
    line = json.dumps({"text": SAMPLE}, ensure_ascii=False) + "\n"
    with open(src, "w", encoding="utf-8") as f:
        for _ in range(40_000_000 // len(line.encode("utf-8"))):
            f.write(line)
    size_mb = src.stat().st_size / 1e6
    # Peak RSS of the process itself (VmHWM; ru_maxrss would carry over the parent's at fork).
    code = ("import runpy, sys\n"
            "sys.argv = ['cnpolicytext', 'clean', '--jsonl', '-j', '1', '-o', sys.argv[1], sys.argv[2]]\n"
            "try:\n    runpy.run_module('cnpolicytext', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) / 1024)\n")
    env = {**__import__("os").environ, "PYTHONPATH": str(ROOT / "src")}
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path / "out.jsonl"), str(src)],
                       capture_output=True, text=True, env=env, timeout=600)
    peak_mb = float(r.stdout.strip().splitlines()[-1])
    assert size_mb > 35
    # Reading the input whole would hold it several times over (bytes, str, lines).
    assert peak_mb < 60, (peak_mb, r.stderr)  # measured: ~25 MB streaming, ~80 MB just to read it whole
    with open(tmp_path / "out.jsonl", encoding="utf-8") as f:
        assert sum(1 for _ in f) == 40_000_000 // len(line.encode("utf-8"))


def test_records_get_their_page_metadata():
    out = list(clean_records([{"text": "发布时间：2021-03-02 来源：示范市科技局\n正文。"}], jobs=1))
    assert out[0] == {"text": "正文。", "metadata": {"发布时间": "2021-03-02", "来源": "示范市科技局"}}



def _die_on(victim, items):
    """A worker task that kills its own process when it meets ``victim``."""
    import os
    import signal

    if victim in items:
        os.kill(os.getpid(), signal.SIGKILL)
    return [x * 10 for x in items]


def test_ordered_map_survives_a_killed_worker():
    from cnpolicytext.parallel import ordered_map

    crashed = []

    def on_crash(items, error):
        crashed.append(items)
        return [None for _ in items]

    batches = [[i, i + 1, i + 2] for i in range(0, 30, 3)]
    out = list(ordered_map(_die_on, iter(batches), 2, 13, on_crash=on_crash))
    # Only the item that kills its worker is lost; its batch-mates are re-run alone.
    assert out == [None if x == 13 else x * 10 for x in range(30)]
    assert crashed == [[13]]
    with pytest.raises(Exception, match="terminated abruptly"):
        list(ordered_map(_die_on, iter(batches), 2, 13))  # without on_crash, the error propagates


def test_batches_close_at_their_count_or_their_characters():
    from cnpolicytext.parallel import _batched

    texts = ["甲" * 10, "乙" * 10, "丙" * 25, "丁", "戊", "己"]
    # by count, while the characters stay under the budget
    assert [len(b) for b in _batched(texts, 4, len, chars=1000)] == [4, 2]
    # a batch also closes once its characters reach the budget: long documents spread
    # over the workers instead of travelling 64 to a task
    batches = list(_batched(texts, 4, len, chars=20))
    assert [len(b) for b in batches] == [2, 1, 3]
    assert [t for b in batches for t in b] == texts
    assert list(_batched([], 4, len)) == []


def test_few_long_documents_are_spread_over_the_workers():
    from cnpolicytext.parallel import BATCH_CHARS, _batched

    docs = ["字" * BATCH_CHARS] * 8
    assert len(list(_batched(docs, 64, len))) == 8

