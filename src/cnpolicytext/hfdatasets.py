"""Hugging Face ``datasets``: clean a text column with ``Dataset.map``.

::

    from datasets import load_dataset
    from cnpolicytext.hfdatasets import CleanBatch

    ds = load_dataset("json", data_files="policies.jsonl", split="train")
    ds = ds.map(CleanBatch(), batched=True, num_proc=4)                 # cleans "text" in place
    ds = ds.map(CleanBatch(text_key="body", edits=True), batched=True)  # + a "cnpolicytext" column

:class:`CleanBatch` is a small picklable object (the pipeline travels as its configuration),
so ``num_proc`` workers and the ``datasets`` cache fingerprint both work. Other columns are
left alone; with ``edits=True`` a column ``cnpolicytext`` holds, per row, the page metadata
found and the edits made (as :meth:`CleanResult.to_dict` gives them, without the text).
"""

from __future__ import annotations

from typing import Any

from .pipeline import Pipeline

__all__ = ["CleanBatch"]


class CleanBatch:
    """``Dataset.map(..., batched=True)`` function that cleans one text column."""

    def __init__(self, pipeline: Pipeline | None = None, *, text_key: str = "text",
                 edits: bool = False, output_key: str = "cnpolicytext") -> None:
        self.pipeline = pipeline if pipeline is not None else Pipeline.default()
        self.text_key = text_key
        self.edits = edits
        self.output_key = output_key

    def __call__(self, batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        if self.text_key not in batch:
            raise KeyError(f"the dataset has no column {self.text_key!r}; "
                           f"columns: {', '.join(sorted(batch))}")
        texts = batch[self.text_key]
        if not self.edits:
            return {self.text_key: [t if t is None else self.pipeline.clean(t) for t in texts]}
        clean: list[Any] = []
        found: list[Any] = []
        for t in texts:
            if t is None:
                clean.append(None)
                found.append(None)
                continue
            result = self.pipeline.run(t)
            data = result.to_dict()
            data.pop("text")
            clean.append(result.text)
            found.append(data)
        return {self.text_key: clean, self.output_key: found}
