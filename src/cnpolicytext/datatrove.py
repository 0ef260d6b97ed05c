"""A datatrove step: clean ``Document.text`` inside a datatrove pipeline.

Install with ``pip install 'cnpolicytext[datatrove]'``::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cnpolicytext.datatrove import PolicyTextFormatter

    LocalPipelineExecutor(pipeline=[
        JsonlReader("raw/"),
        PolicyTextFormatter(),               # or PolicyTextFormatter(pipeline=Pipeline.default(skip=["numerals"]))
        JsonlWriter("clean/"),
    ], tasks=4).run()

datatrove keeps a document's own fields in ``Document.metadata``, so the step never
overwrites them: what cleaning found (page metadata such as 发布时间/来源, warnings, and the
number of edits by rule) goes under one key of ours, ``metadata["cnpolicytext"]``. Its
statistics are datatrove's own: documents changed, and edits per rule, merged across tasks
in the executor's stats like any other step's.
"""

from __future__ import annotations

from typing import Any

try:
    from datatrove.pipeline.formatters.base import BaseFormatter
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "cnpolicytext.datatrove needs datatrove: pip install 'cnpolicytext[datatrove]'") from exc

from .pipeline import Pipeline

__all__ = ["METADATA_KEY", "PolicyTextFormatter"]

#: The key under ``Document.metadata`` where the step puts what it found.
METADATA_KEY = "cnpolicytext"


class PolicyTextFormatter(BaseFormatter):  # type: ignore[misc]  # datatrove ships no types: its base is Any
    """Clean each document's text with a cnpolicytext pipeline (the default one unless given).

    ``edits=True`` (the default) tracks every edit, to count them per rule and keep the page
    metadata; ``edits=False`` runs the plain, faster :meth:`Pipeline.clean` and only counts
    changed documents. The pipeline travels to datatrove's workers as its configuration.
    """

    name = "🧹 cnpolicytext"

    def __init__(self, pipeline: Pipeline | None = None, *, edits: bool = True) -> None:
        super().__init__()
        self.pipeline = pipeline if pipeline is not None else Pipeline.default()
        self.edits = edits

    def format(self, text: str) -> str:
        """Plain ``str -> str`` form (what BaseFormatter asks for)."""
        return self.pipeline.clean(text)

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Any:
        for doc in data:
            self.stat_update("total")
            with self.track_time():
                if self.edits:
                    result = self.pipeline.run(doc.text)
                    rules: dict[str, int] = {}
                    for edit in result.edits:
                        for rule in edit.rule.split("+"):
                            rules[rule] = rules.get(rule, 0) + 1
                    for rule, n in rules.items():
                        self.stat_update(rule, value=n)
                    found: dict[str, Any] = {"edits": rules}
                    if result.metadata:
                        found["metadata"] = dict(result.metadata)
                    if result.warnings:
                        found["warnings"] = list(result.warnings)
                    doc.metadata[METADATA_KEY] = found
                    clean = result.text
                else:
                    clean = self.pipeline.clean(doc.text)
                if clean != doc.text:
                    self.stat_update("changed")
                doc.text = clean
            yield doc
