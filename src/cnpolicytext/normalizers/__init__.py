"""The built-in normalizers, one per module, each registered under its name on import.

=================  ===================  ==================================================
step               module               what it repairs (CONVENTIONS section)
=================  ===================  ==================================================
``unicode``        :mod:`.unicode_norm`  line ends, invisible characters, NFC, full width (§1)
``script``         :mod:`.script`        Traditional/Simplified conversion (§2)
``paragraphs``     :mod:`.paragraphs`    a text flattened into one line split back (§3)
``boilerplate``    :mod:`.boilerplate`   web-page chrome, metadata lines, HTML residue (§8);
                                         :mod:`.boilerplate_learn` learns a site's templates
``pagebreak``      :mod:`.pagebreak`     page furniture, chunk prefixes, hard wraps (§4)
``punctuation``    :mod:`.punctuation`   full-width marks, quotes, dashes, repeats (§5)
``whitespace``     :mod:`.whitespace`    indentation, blank lines, stray spaces (§3)
``numbering``      :mod:`.numbering`     heading and item markers (§6)
``numerals``       :mod:`.numerals`      dates, percentages, year ranges (§7)
=================  ===================  ==================================================

The engine they run on (edits, alignment, registry, pipeline, options) and the shared
character classes, Markdown rules and line-layout rules stay in the package's top level
(:mod:`cnpolicytext.core`, :mod:`cnpolicytext.pipeline`, :mod:`cnpolicytext.chars`,
:mod:`cnpolicytext.markup`, :mod:`cnpolicytext.layout`), as does the I/O (reader, CLI,
parallel and Dask runs). Every rule a normalizer emits is named ``<step>.<rule>``.
"""

from __future__ import annotations

from collections.abc import Callable

#: The modules in registration order (``cnpolicytext.load_all`` imports them).
MODULES = ("unicode_norm", "script", "boilerplate", "pagebreak", "punctuation", "paragraphs",
           "whitespace", "numbering", "numerals")


def trigger(*needles: str) -> Callable[[str], bool]:
    """A precheck made from the characters (or short strings) every match of its pattern
    holds: whether a text holds any of ``needles``. One substring search each, with no
    pattern and no set: for a handful of needles that is the fastest scan Python has, on
    short texts and long ones alike (a generator over them costs more than the searches)."""
    if len(needles) == 1:
        (a,) = needles
        return lambda text: a in text
    if len(needles) == 2:
        a, b = needles
        return lambda text: a in text or b in text
    if len(needles) == 4:
        a, b, c, d = needles
        return lambda text: a in text or b in text or c in text or d in text
    return lambda text: any(n in text for n in needles)
