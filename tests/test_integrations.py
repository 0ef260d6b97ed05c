"""The datatrove step and the Hugging Face ``datasets`` recipe, run for real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnpolicytext import Pipeline, clean

RECORDS = [
    {"id": "a",
     "text": "示范县 人民政府关于 2011 年科技工作的通知\n发布时间：2011-03-02\n一、总体要求\n\n加强 管理,提高效率。",
     "metadata": {"url": "https://example.gov.cn/a", "lang": "zh"}},
    {"id": "b", "text": "各乡镇人民政府：\n现将有关事项通知如下。", "metadata": {"url": "https://example.gov.cn/b"}},
    {"id": "c", "text": "（一）以企業為主體， 市場為導向。", "metadata": {}},
]


def _write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def test_datatrove_step_cleans_documents_and_keeps_their_metadata(tmp_path: Path) -> None:
    pytest.importorskip("datatrove")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from cnpolicytext.datatrove import METADATA_KEY, PolicyTextFormatter

    (tmp_path / "in").mkdir()
    _write_jsonl(tmp_path / "in" / "docs.jsonl", RECORDS)
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            PolicyTextFormatter(),
            JsonlWriter(str(tmp_path / "out"), compression=None),
        ],
        tasks=1, logging_dir=str(tmp_path / "logs"))
    executor.run()
    lines = [json.loads(ln) for f in sorted((tmp_path / "out").glob("*.jsonl"))
             for ln in f.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == ["a", "b", "c"]
    for record, out in zip(RECORDS, lines, strict=True):
        assert out["text"] == clean(record["text"])
        for key, value in record["metadata"].items():  # the reader's own fields survive
            assert out["metadata"][key] == value
        assert METADATA_KEY in out["metadata"]
    assert lines[0]["metadata"][METADATA_KEY]["metadata"] == {"发布时间": "2011-03-02"}
    assert lines[1]["metadata"][METADATA_KEY]["edits"] == {}
    assert lines[2]["metadata"][METADATA_KEY]["edits"]  # script conversion, a stray space …
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))
    ours = next(s for s in stats if "cnpolicytext" in s["name"])
    def total(stat):  # datatrove stores a plain count or a summary with "total"
        return stat if isinstance(stat, int) else stat["total"]

    assert total(ours["stats"]["total"]) == 3
    assert total(ours["stats"]["changed"]) == 2


def test_datatrove_step_without_edits_gives_the_same_text() -> None:
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from cnpolicytext.datatrove import PolicyTextFormatter

    docs = [Document(text=r["text"], id=r["id"]) for r in RECORDS]
    step = PolicyTextFormatter(Pipeline.default(skip=["numerals"]), edits=False)
    out = list(step.run(iter(docs)))
    assert [d.text for d in out] == [Pipeline.default(skip=["numerals"]).clean(r["text"]) for r in RECORDS]


def test_datasets_map_recipe(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    from cnpolicytext.hfdatasets import CleanBatch

    ds = datasets.Dataset.from_list([{"id": r["id"], "body": r["text"]} for r in RECORDS])
    plain = ds.map(CleanBatch(text_key="body"), batched=True, batch_size=2)
    assert plain["body"] == [clean(r["text"]) for r in RECORDS]
    assert plain["id"] == ["a", "b", "c"]
    tracked = ds.map(CleanBatch(text_key="body", edits=True), batched=True, num_proc=2)
    assert tracked["body"] == plain["body"]
    assert tracked["cnpolicytext"][0]["metadata"] == {"发布时间": "2011-03-02"}
    assert all(isinstance(e["rule"], str) for e in tracked["cnpolicytext"][2]["edits"])
    with pytest.raises(KeyError, match="no column 'text'"):
        ds.map(CleanBatch(), batched=True)
