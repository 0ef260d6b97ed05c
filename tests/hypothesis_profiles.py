"""Hypothesis profiles, chosen with ``HYPOTHESIS_PROFILE`` (default: hypothesis's own).

* ``ci``: no deadline (a shared 2-core machine has slow moments), failing examples printed
  as blobs to reproduce, and derandomized: CI draws the same examples every run, so a red
  CI means a change broke something, not that a run drew a new case (exploring is the
  fuzz runner's job, and a local run's). Loaded by default when ``CI`` is set.
* ``dev``: few examples, for a quick local run.
* ``fuzz``: many examples — ``CNPOLICYTEXT_FUZZ_EXAMPLES`` (default 100,000) — for the bounded
  fuzz runs of ``tests/fuzz/run_fuzz.py``; tests that pin ``max_examples`` keep theirs.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", deadline=None, print_blob=True, derandomize=True)
settings.register_profile("dev", max_examples=20, deadline=None)
settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("CNPOLICYTEXT_FUZZ_EXAMPLES", "100000")), deadline=None,
    print_blob=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
elif os.environ.get("CI"):
    settings.load_profile("ci")
