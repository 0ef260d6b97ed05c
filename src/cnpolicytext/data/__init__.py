"""The data files the normalizers read, and the one reader for them and for users' files.

Every list here has one format, and a user's file that extends a list has the same one:
UTF-8, one entry a line; blank lines and lines whose first character is ``#`` are skipped;
an entry may hold TAB-separated columns (``rule<TAB>regex`` in ``boilerplate.tsv``). What an
entry means is its reader's business (a word, a pattern, a line of unit characters); where
it stands (file and line) is kept, so that an error can name it.

=============================  =================================================================
file                           read by
=============================  =================================================================
``boilerplate.tsv``            ``boilerplate``: line patterns (user: ``patterns=``, ``--boilerplate``)
``boilerplate_vocabulary.txt`` ``boilerplate``: user-interface words (user: ``vocabulary=``)
``boilerplate_licence.txt``    ``boilerplate``: a licence notice's words (user: ``licence=``)
``protected.txt``              ``numerals``: expressions kept as written (user: ``protected=``, ``--protect``)
``units.txt``                  ``pagebreak``: what a number before it counts
``tgh_2013.txt``               ``script``: the 通用规范汉字表 (2013)
``opencc/``                    ``script``: OpenCC's dictionaries and configurations, in OpenCC's own
                               format (read through :func:`packaged_text`; see ``opencc/NOTICE.txt``)
=============================  =================================================================
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from typing import NamedTuple

__all__ = ["Entry", "entries", "packaged", "packaged_text", "read_user", "words"]


class Entry(NamedTuple):
    """One entry of a list file: where it stands and its text (the line without its end)."""

    source: str
    line: int
    text: str

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    def columns(self, n: int) -> list[str]:
        """The entry cut at its first ``n - 1`` TABs (the last column keeps any further TAB)."""
        return self.text.split("\t", n - 1)


def entries(text: str, source: str) -> tuple[Entry, ...]:
    """The entries of a list file's text: every line but the blank ones and the comments."""
    return tuple(Entry(source, number, line) for number, line in enumerate(text.split("\n"), 1)
                 if line.strip() and not line.startswith("#"))


def words(found: tuple[Entry, ...] | list[Entry]) -> tuple[str, ...]:
    """The entries of a list of words, each without the spaces around it."""
    return tuple(e.text.strip() for e in found)


def packaged_text(*parts: str) -> str:
    """The text of a file shipped in ``cnpolicytext/data`` (``parts`` is its path there).

    Read from the package itself, never from another installed module: the OpenCC files are
    read here too, not from whatever module named ``opencc`` is installed. Line ends are read
    as ``\\n`` whatever the file holds (some of OpenCC's dictionaries end lines in CRLF)."""
    return resources.files(__name__).joinpath(*parts).read_text("utf-8")


@cache
def packaged(name: str) -> tuple[Entry, ...]:
    """The entries of a packaged list file (read once)."""
    return entries(packaged_text(name), f"data/{name}")


def read_user(path: str | os.PathLike[str]) -> tuple[Entry, ...]:
    """The entries of a user's list file, in the packaged files' format (a byte-order mark at
    its start is no part of the first entry). OSError and UnicodeDecodeError go to the caller,
    which names the option the file was given to."""
    with open(path, encoding="utf-8-sig") as f:
        return entries(f.read(), str(path))
