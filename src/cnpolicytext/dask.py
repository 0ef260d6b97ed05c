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

A site's template is learned on the bag first (each partition counts its lines, the counts
are added up on the client) and travels to the workers inside the pipeline's configuration,
so every worker removes the same set::

    from cnpolicytext.dask import clean_bag, learn_boilerplate
    learned = learn_boilerplate(texts)
    clean = clean_bag(texts, boilerplate=learned).compute()
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import reduce
from typing import Any

from .normalizers.boilerplate_learn import LineCounts, count_lines, select
from .parallel import pipeline_from_config
from .pipeline import Pipeline

__all__ = ["clean_bag", "clean_dataframe", "learn_boilerplate"]


def _config(pipeline: Pipeline | None, boilerplate: Sequence[tuple[str, str]] = ()) -> str:
    """The pipeline as JSON, with ``boilerplate`` patterns added to its boilerplate step."""
    config = (pipeline or Pipeline.default()).config()
    if boilerplate:
        steps = [s for s in config["steps"] if s["name"] == "boilerplate"]
        if not steps:
            raise ValueError("boilerplate patterns given, but the pipeline has no boilerplate step")
        for step in steps:
            options = step.setdefault("options", {})
            options["patterns"] = [list(p) for p in options.get("patterns", ())] + [list(p) for p in boilerplate]
    return json.dumps(config, ensure_ascii=False)


def _count_partition(texts: Any, config: str) -> list[LineCounts]:
    return [count_lines(texts, pipeline_from_config(config))]


def learn_boilerplate(bag: Any, pipeline: Pipeline | None = None, *, min_docs: int = 5,
                      min_share: float = 0.1) -> list[tuple[str, str]]:
    """Learn a site's template on a bag of texts (as :func:`cnpolicytext.normalizers.boilerplate.learn`
    on all of them): each partition counts, the client adds the counts and selects. Pass
    the result to :func:`clean_bag` (``boilerplate=``)."""
    parts = bag.map_partitions(_count_partition, _config(pipeline)).compute()
    counts = reduce(LineCounts.add, parts, LineCounts())
    return select(counts, min_docs=min_docs, min_share=min_share)


def _clean_partition(texts: Any, config: str, counts: bool) -> list[Any]:
    pipeline = pipeline_from_config(config)
    if not counts:
        return [pipeline.clean(t) for t in texts]
    out = []
    for t in texts:
        result = pipeline.run(t)
        out.append((result.text, len(result.edits)))
    return out


def clean_bag(bag: Any, pipeline: Pipeline | None = None, *, counts: bool = False,
              boilerplate: Sequence[tuple[str, str]] = ()) -> Any:
    """A bag of clean texts (or of ``(text, number_of_edits)`` with ``counts=True``);
    ``boilerplate`` adds line patterns, such as a template from :func:`learn_boilerplate`."""
    return bag.map_partitions(_clean_partition, _config(pipeline, boilerplate), counts)


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
                    out: str | None = None, counts: bool = False,
                    boilerplate: Sequence[tuple[str, str]] = ()) -> Any:
    """Clean ``column`` of a Dask DataFrame into ``out`` (default: in place), and with
    ``counts=True`` add ``{out}_edits``, the number of repairs in each document."""
    out = out or column
    meta = df._meta.copy()
    meta[out] = meta[column].astype(object)
    if counts:
        meta[f"{out}_edits"] = meta[column].map(len).astype("int64")
    return df.map_partitions(_clean_frame, column, out, _config(pipeline, boilerplate), counts, meta=meta)
