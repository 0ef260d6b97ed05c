"""Every adversarial input of issue 15 at 100 KB, under a generous bound (not a speed test).

Each input of ``benchmarks/adversarial.py`` is cleaned once at 100 KB in its own process.
Linear code cleans any of them in well under a tenth of a second of CPU; the quadratic
patterns they were built against took from several seconds to hours. The bound — 2 s of CPU
for the clean, the child process killed after 4 s of CPU or 60 s of wall time — is far from
the first and far below the second, so only a return of quadratic behaviour fails here.
The inputs run two at a time, and the whole file stays well under a minute.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnpolicytext import clean, clean_with_edits

from .conftest import ROOT
from .strategies import policy_text
from .strategies_runs import a_run, nested

_spec = importlib.util.spec_from_file_location("adversarial", ROOT / "benchmarks" / "adversarial.py")
adversarial = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("adversarial", adversarial)  # dataclasses look their module up
_spec.loader.exec_module(adversarial)  # type: ignore[union-attr]

SIZE = 100_000
CPU_BOUND = 2.0
CHILD_CPU_LIMIT = 4
WALL_LIMIT = 60



def _limit_cpu() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (CHILD_CPU_LIMIT, CHILD_CPU_LIMIT + 1))


def _run(name: str) -> tuple[str, float | str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, str(ROOT / "benchmarks" / "adversarial.py"), "--one", name, "--size", str(SIZE), "--once"]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=WALL_LIMIT, env=env,
                           preexec_fn=_limit_cpu if os.name == "posix" else None)
    except subprocess.TimeoutExpired:
        return "timeout", f"no result after {WALL_LIMIT} s"
    if r.returncode != 0:
        killed = r.returncode < 0 and os.name == "posix"
        return ("killed" if killed else "error"), (f"signal {-r.returncode} (CPU limit {CHILD_CPU_LIMIT} s)"
                                                   if killed else r.stderr.strip()[-2000:])
    return "ok", float(json.loads(r.stdout)["seconds"])


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[str, float | str]]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {case.name: pool.submit(_run, case.name) for case in adversarial.CASES}
    return {name: f.result() for name, f in futures.items()}


@pytest.mark.parametrize("name", [c.name for c in adversarial.CASES])
def test_adversarial_input_is_cleaned_without_quadratic_time(name, results):
    status, detail = results[name]
    assert status == "ok", f"{name} at {SIZE // 1000} KB: {status}: {detail}"
    assert detail <= CPU_BOUND, f"{name} at {SIZE // 1000} KB took {detail:.2f} s of CPU (bound {CPU_BOUND} s)"


def test_every_case_of_the_benchmark_is_here():
    names = [c.name for c in adversarial.CASES]
    assert len(names) == len(set(names))
    assert {"han_space_run", "line_edge_spaces", "stray_spaces", "page_counter", "boilerplate_counter",
            "user_boilerplate", "bracket_pairs", "single_quotes", "ellipsis", "nested_quotes", "ascii_marks",
            "traditional_phrases"} <= set(names)


# -- the pipeline's invariants on long runs (issue 15: keep them closed) ----------------
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.one_of(a_run(max_length=400), nested(max_depth=300), policy_text), min_size=1, max_size=4)
       .map("".join))
def test_long_runs_never_raise_settle_and_replay(text):
    once = clean(text)
    assert clean(once) == once
    result = clean_with_edits(text)
    assert result.text == once and result.verify()
