"""The bench command runs and reports every section (its timings are not asserted)."""

from __future__ import annotations

import json

from .test_cli import run


def test_bench_command_reports_sizes_jobs_and_reference(tmp_path):
    out = tmp_path / "bench.json"
    r = run("bench", "--sizes", "0.02,0.05", "--jobs", "1,2", "--json", str(out))
    assert r.returncode == 0, r.stderr
    text = r.stdout.decode("utf-8")
    assert "x reference" in text and "speed-up over one job" in text
    data = json.loads(out.read_text(encoding="utf-8"))
    labels = {row["label"] for row in data["sizes"]}
    assert {"reference: one regex pass", "pipeline", "unicode", "numerals"} <= labels
    assert [row["jobs"] for row in data["jobs"]] == [1, 2]
    assert all(row["mb_per_s"] > 0 and row["ratio_to_reference"] > 0 for row in data["sizes"])


def test_bench_peers_reports_tracking_clean_text_and_short_text_cost(tmp_path):
    out = tmp_path / "bench.json"
    r = run("bench", "--sizes", "0.02", "--jobs", "1", "--peers", "--json", str(out))
    assert r.returncode == 0, r.stderr
    rows = {row["label"]: row for row in json.loads(out.read_text(encoding="utf-8"))["peers"]}
    assert rows["cnpolicytext clean_with_edits"]["over_clean"] > 0
    assert rows["cnpolicytext on already clean text"]["mb_per_s"] > 0
    assert rows["a 100-character text"]["microseconds"] > 0
    # every peer that is installed is compared with the same run's pipeline
    for label, row in rows.items():
        if not label.startswith(("cnpolicytext", "a 100")):
            assert row["ours_over_peer"] > 0


def test_bench_folder_times_the_command_line_per_job_count(tmp_path):
    out = tmp_path / "bench.json"
    r = run("bench", "--sizes", "0.01", "--jobs", "1,2", "--folder", "4", "--peer-repeat", "1",
            "--json", str(out))
    assert r.returncode == 0, r.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))["folder"]
    assert [row["jobs"] for row in rows] == [1, 2]
    assert rows[0]["speedup"] == 1.0 and all(row["seconds"] > 0 for row in rows)
    # the fixed cost of a run (one short file) is timed per job count, and taken away
    assert all(row["fixed_seconds"] > 0 for row in rows)
    assert rows[0]["net_speedup"] in (1.0, None)
