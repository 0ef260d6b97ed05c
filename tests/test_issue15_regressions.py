"""Cases of issue 15 that no other test reproduced in the shape the issue describes.

- A disk that fills up under standard output: the file system takes part of a large write
  and refuses the rest. ``/dev/full`` (``test_cli_reliability``) refuses every write, which
  the old code already reported; a partial write was dropped silently (output cut at the
  free space, exit 0). ``RLIMIT_FSIZE`` stages the same partial write without root: the
  write that crosses the limit is cut short and the next fails with EFBIG (Python ignores
  SIGXFSZ). ``--jsonl`` writes record by record, small writes that the old code already
  reported; its test keeps that path from being cut the same way.
- Nested quotation marks that close: ``'“' * n + '字' + '”' * n``. The benchmark's
  ``nested_quotes`` input opens n marks and closes none, which was never slow; the pairing
  of marks that do close was quadratic in clean_with_edits (5 s for 16,000 pairs).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT

LIMIT = 100_000  # bytes any file of the child may have


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _sentences(n: int) -> str:
    """``n`` different lines (repeated ones would be taken for running headers and removed)."""
    words = "推动区域科技协同发展有关事项说明如下规划市局重点任务"
    return "".join(f"{words[i % 23:]}{words[:i % 23]},其{i}。\n" for i in range(n))


def _limit_file_size() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def _clean_to_small_disk(tmp_path, *args: str) -> tuple[subprocess.CompletedProcess, int]:
    out = tmp_path / "stdout.txt"
    with open(out, "wb") as f:
        r = subprocess.run([sys.executable, "-m", "cnpolicytext", "clean", *args], stdout=f,
                           stderr=subprocess.PIPE, env=env(), timeout=120, preexec_fn=_limit_file_size)
    return r, out.stat().st_size


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_stdout_on_a_disk_that_fills_up_is_an_error_not_a_cut_file(tmp_path):
    text = _sentences(6000)  # about 400 KB of output, four times what the "disk" takes
    src = tmp_path / "a.txt"
    src.write_text(text, encoding="utf-8")
    r, written = _clean_to_small_disk(tmp_path, str(src))
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 1, err
    assert "Traceback" not in err
    assert [ln for ln in err.splitlines() if "standard output" in ln and "File too large" in ln], err
    assert written <= LIMIT


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_jsonl_stdout_on_a_disk_that_fills_up_is_an_error(tmp_path):
    records = tmp_path / "r.jsonl"
    records.write_text("".join(json.dumps({"id": i, "text": line}, ensure_ascii=False) + "\n"
                               for i, line in enumerate(_sentences(3000).splitlines())), encoding="utf-8")
    assert records.stat().st_size < LIMIT * 4  # the input itself is only read
    r, written = _clean_to_small_disk(tmp_path, "--jsonl", str(records))
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 1, err
    assert "Traceback" not in err and "standard output" in err
    assert written <= LIMIT


# -- nested marks that close, in clean_with_edits, under a CPU limit ------------------------------
CPU_LIMIT = 4  # seconds of CPU for the child; linear code needs a few hundredths


def _limit_cpu() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT + 1))


@pytest.mark.parametrize("opening, closing", [("“", "”"), ("‘", "’"), ("（", "）"), ("《", "》")])
def test_closed_nested_marks_pair_in_linear_time(opening, closing):
    n = 16_667  # about 100 KB of UTF-8
    code = ("import json, sys, time\nfrom cnpolicytext import clean_with_edits\n"
            f"text = {opening!r} * {n} + '字' + {closing!r} * {n}\n"
            "t0 = time.process_time()\nr = clean_with_edits(text)\n"
            "print(json.dumps({'seconds': time.process_time() - t0, 'verified': r.verify(),"
            " 'kept': r.text == text}))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env(), timeout=60,
                       preexec_fn=_limit_cpu if os.name == "posix" else None)
    assert r.returncode == 0, f"returncode {r.returncode} (CPU limit {CPU_LIMIT} s): {r.stderr[-2000:]}"
    got = json.loads(r.stdout)
    assert got["verified"]
    assert got["kept"], "balanced nested marks are text as written"
    assert got["seconds"] < 2.0, got
