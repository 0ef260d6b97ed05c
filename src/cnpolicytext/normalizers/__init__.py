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

#: The modules in registration order (``cnpolicytext.load_all`` imports them).
MODULES = ("unicode_norm", "script", "boilerplate", "pagebreak", "punctuation", "paragraphs",
           "whitespace", "numbering", "numerals")
