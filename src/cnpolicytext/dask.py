"""Cleaning on a Dask cluster: a bag of texts, or a text column of a DataFrame.

Install with ``pip install 'cnpolicytext[dask]'``. The pipeline travels as its JSON
configuration (names and options) and each worker rebuilds it once, so any pipeline —
the default, a configured one, or one with registered user normalizers importable on the
workers — runs the same everywhere::

    from dask.distributed import Client
    client = Client("tcp://scheduler:8786")        # a real cluster; Client() for a local one
    import dask.bag as db
    from cnpolicytext.dask import clean_bag
    texts = db.from_sequence(paths, npartitions=64).map(lambda p: read_file(p).text)
    clean = clean_bag(texts).compute()
"""

from __future__ import annotations

import json
from typing import Any

from .parallel import pipeline_from_config
from .pipeline import Pipeline

__all__ = ["clean_bag", "clean_dataframe"]


def _config(pipeline: Pipeline | None) -> str:
    return json.dumps((pipeline or Pipeline.default()).config(), ensure_ascii=False)


def _clean_partition(texts: Any, config: str, counts: bool) -> list[Any]:
    pipeline = pipeline_from_config(config)
    if not counts:
        return [pipeline.clean(t) for t in texts]
    out = []
    for t in texts:
        result = pipeline.run(t)
        out.append((result.text, len(result.edits)))
    return out


def clean_bag(bag: Any, pipeline: Pipeline | None = None, *, counts: bool = False) -> Any:
    """A bag of clean texts (or of ``(text, number_of_edits)`` with ``counts=True``)."""
    return bag.map_partitions(_clean_partition, _config(pipeline), counts)


def _clean_frame(frame: Any, column: str, out: str, config: str, counts: bool) -> Any:
    cleaned = _clean_partition(frame[column].tolist(), config, counts)
    frame = frame.copy()
    if counts:
        frame[out] = [t for t, _ in cleaned]
        frame[f"{out}_edits"] = [n for _, n in cleaned]
    else:
        frame[out] = cleaned
    return frame


def clean_dataframe(df: Any, column: str = "text", pipeline: Pipeline | None = None, *,
                    out: str | None = None, counts: bool = False) -> Any:
    """Clean ``column`` of a Dask DataFrame into ``out`` (default: in place), and with
    ``counts=True`` add ``{out}_edits``, the number of repairs in each document."""
    out = out or column
    meta = df._meta.copy()
    meta[out] = meta[column].astype(object)
    if counts:
        meta[f"{out}_edits"] = meta[column].map(len).astype("int64")
    return df.map_partitions(_clean_frame, column, out, _config(pipeline), counts, meta=meta)
