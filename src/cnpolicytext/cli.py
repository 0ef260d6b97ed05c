"""Command line: ``python -m cnpolicytext clean|list|outline|bench``.

``clean`` is planned first and delivered second. Planning decides what is read and where
each output goes, and refuses what would lose data before anything is written: an output
that is an input, two inputs that map to one output, a link that ``--in-place`` would
replace. Delivery has one path for every input, whether it was cleaned whole or window by
window: one bad file or record is reported on one line and the run goes on (exit 1 at the
end); a failing standard output stops the run with exit 1, a closed pipe (``| head``)
stops it quietly.
"""

from __future__ import annotations

import argparse
import bisect
import codecs
import difflib
import filecmp
import importlib.util
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, TextIO

import regex

from . import __version__, registered
from .core import get_normalizer, load_entry_points
from .layout import line_starts
from .pipeline import DEFAULT_STEPS, CleanResult, Pipeline, script_options
from .reader import DecodeError, decode, read_file

PROG = "cnpolicytext"
#: What a folder input contributes when no --glob is given.
DEFAULT_GLOBS = ("*.txt", "*.md")
DEFAULT_JSONL_GLOBS = ("*.jsonl",)


class InputError(Exception):
    """A problem with one input path; reported on one line, the other files go on."""


class UsageError(Exception):
    """A bad command line (exit 2)."""


class OutputFailed(Exception):
    """Standard output cannot be written (full disk, closed): the run stops with exit 1."""


class PipeClosed(Exception):
    """The reader of standard output went away (``| head``): the run stops quietly."""


# -- argument types ------------------------------------------------------------------------
def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _encoding(name: str) -> str:
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {name!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise argparse.ArgumentTypeError(f"{name!r} is not a text encoding")
    return name


# -- standard streams ------------------------------------------------------------------------
def _setup_streams() -> None:
    """Standard output is UTF-8 with ``\\n`` line ends whatever the locale (§1); standard error
    keeps the locale's encoding but never fails on a character it cannot show."""
    if sys.stdout is not None and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="strict", newline="\n")
    if sys.stderr is not None and hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    """Point file descriptor 1 at /dev/null so that the interpreter's last flush at exit
    cannot print a second error (or a traceback) about the same failed output."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.close(fd)
    except OSError:
        pass


class Stdout:
    """Standard output, with its failures turned into :class:`OutputFailed` / :class:`PipeClosed`.

    Flushed after each input, so that a write error is reported when it happens, not lost
    in the interpreter's flush at exit.
    """

    def __init__(self) -> None:
        self.stream: TextIO | None = sys.stdout

    def _check(self) -> TextIO:
        if self.stream is None:
            raise OutputFailed("cannot write to standard output: it is closed")
        return self.stream

    def _guard(self, action: Callable[[TextIO], object]) -> None:
        stream = self._check()
        try:
            action(stream)
            stream.flush()
        except BrokenPipeError:
            raise PipeClosed() from None
        except (OSError, ValueError) as exc:  # ValueError: the stream was closed under us
            raise OutputFailed(f"cannot write to standard output: {getattr(exc, 'strerror', None) or exc}") from None

    @staticmethod
    def _put(stream: TextIO, text: str) -> None:
        """Write ``text`` through the binary buffer, checking how much each write took.

        The text layer ignores a short count from its buffer: on a disk that fills up, the
        buffer writes what fits, returns the smaller count, and the rest is dropped with no
        error (output cut at the free space, exit 0). Here a short count means writing the
        rest, and a write that takes nothing, or the flush, raises the disk's error."""
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a stream with no bytes under it (a test's StringIO)
            stream.write(text)
            return
        stream.flush()  # text already in the wrapper goes first
        data = memoryview(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))
        while data:
            n = buffer.write(data)
            if not n:
                raise OSError(f"wrote nothing of the last {len(data)} bytes")
            data = data[n:]

    def write(self, text: str) -> None:
        self._guard(lambda s: self._put(s, text))

    def writelines(self, lines: Iterable[str]) -> None:
        self._guard(lambda s: self._put(s, "".join(lines)))

    def copy(self, path: str) -> None:
        def run(s: TextIO) -> None:
            with open(path, encoding="utf-8", newline="") as f:
                while chunk := f.read(1 << 16):
                    self._put(s, chunk)
        self._guard(run)


class Progress:
    """A progress bar on a terminal: tqdm's (rate, ETA) when it is installed, else ``[n/N]``.

    Every message of the run goes through :meth:`message`, so that it never collides with
    the bar.
    """

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self.done = total, enabled and total > 1, 0
        self._bar: Any = None
        self._label = ""
        if self.enabled and importlib.util.find_spec("tqdm") is not None:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True, leave=False)

    def step(self, label: str) -> None:
        if not self.enabled:
            return
        self.done += 1
        if self._bar is not None:
            self._bar.set_postfix_str(label[-40:], refresh=False)
            self._bar.update(1)
        else:
            self._label = label
            self._draw()

    def _draw(self) -> None:
        sys.stderr.write(f"\r[{self.done}/{self.total}] {self._label[-60:]:<60}")
        sys.stderr.flush()

    def message(self, text: str) -> None:
        if sys.stderr is None:  # closed (2>&-): print(file=None) would write to stdout
            return
        if self._bar is not None:
            self._bar.write(text, file=sys.stderr)
        elif self.enabled and self.done:
            sys.stderr.write("\r\033[K" + text + "\n")
            self._draw()  # the bar again, below the message
        else:
            print(text, file=sys.stderr)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self.enabled and self.done:
            sys.stderr.write("\n")
        self.enabled, self._bar = False, None


# -- inputs ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    path: Path | None  # None for stdin
    root: Path | None  # the folder given on the command line, for mirrored output

    @property
    def label(self) -> str:
        return "<stdin>" if self.path is None else str(self.path)


def _matches(rel: PurePath, globs: Sequence[str]) -> bool:
    return any(rel.match(g) for g in globs)


def _walk(root: Path, globs: Sequence[str], errors: list[str]) -> list[Path]:
    """The files under ``root`` that match ``globs``, sorted. A folder that cannot be read is
    reported (never skipped silently); links to folders are not followed (no loops, no
    leaving the tree); links to files are listed like files."""
    found: list[Path] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            errors.append(f"{folder}: cannot read folder: {exc.strerror or exc}")
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif entry.is_file() and _matches(Path(entry.path).relative_to(root), globs):
                    found.append(Path(entry.path))
            except OSError as exc:
                errors.append(f"{entry.path}: {exc.strerror or exc}")
    return sorted(found)


def _sources(paths: Sequence[str], globs: Sequence[str], errors: list[str]) -> list[Source]:
    out: list[Source] = []
    for p in paths:
        if p == "-":
            out.append(Source(None, None))
            continue
        path = Path(p)
        try:
            st = path.stat()
        except OSError as exc:
            missing = isinstance(exc, FileNotFoundError)
            errors.append(f"{p}: {'no such file or folder' if missing else exc.strerror or exc}")
            continue
        if stat.S_ISDIR(st.st_mode):
            files = _walk(path, globs, errors)
            if not files:
                errors.append(f"{p}: folder holds no file matching {' or '.join(globs)}")
            out.extend(Source(f, path) for f in files)
        else:
            out.append(Source(path, None))
    return out


def _read(src: Source, encoding: str | None) -> tuple[str, str, tuple[str, ...]]:
    try:
        if src.path is None:
            if sys.stdin is None:
                raise InputError("<stdin>: standard input is closed")
            d = decode(sys.stdin.buffer.read(), encoding)
        else:
            d = read_file(str(src.path), encoding)
    except DecodeError as exc:
        raise InputError(f"{src.label}: {exc}") from None
    except OSError as exc:
        raise InputError(f"{src.label}: {exc.strerror or exc}") from None
    return d.text, d.encoding, d.warnings


# -- planning --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Task:
    """One input and where its output goes (None: standard output, or nowhere with --check)."""

    src: Source
    target: Path | None


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _target(src: Source, out: str | None, many: bool) -> Path | None:
    if out is None or out == "-":
        return None
    o = Path(out)
    if src.path is None:
        return o / "stdin.txt" if o.is_dir() else o
    if many or o.is_dir() or out.endswith(os.sep):
        rel = src.path.relative_to(src.root) if src.root is not None else Path(src.path.name)
        return o / rel
    return o


def plan(args: argparse.Namespace, sources: list[Source], errors: list[str]) -> list[Task]:
    """Decide where each input goes; refuse, per input, what would lose data.

    - an output that is an input (the same file, by device and inode: links included) is
      refused; ``--in-place`` is the way to rewrite inputs;
    - two inputs that map to one output are both refused (which one would win is arbitrary);
      the same file reached twice with the same output (a folder and a file in it) is
      cleaned once, and a file reached twice with two outputs gets both;
    - ``--in-place`` never rewrites a symbolic link, nor what it points to: a link may lead
      out of the tree, and replacing it with a file would destroy the link (refused, with
      the advice to clean the target itself).
    """
    # Several paths on the command line make -o a folder, even when only one could be read.
    many = len(args.paths) > 1 or any(s.root is not None for s in sources)
    inputs = {i for s in sources if s.path is not None and (i := _identity(s.path)) is not None}
    tasks: list[Task | None] = []
    claimed: dict[str, tuple[int, str]] = {}  # output path -> (task index, input's real path)
    for src in sources:
        if args.check:
            tasks.append(Task(src, None))
            continue
        if args.in_place:
            assert src.path is not None
            if src.path.is_symlink():
                errors.append(f"{src.label}: is a symbolic link; --in-place rewrites regular files only, "
                              "never a link or what it points to (clean the link's target itself)")
                continue
            key = os.path.realpath(src.path)
            if key not in claimed:  # a file reached twice is rewritten once
                claimed[key] = (len(tasks), key)
                tasks.append(Task(src, src.path))
            continue
        target = _target(src, args.output, many)
        if target is None:
            tasks.append(Task(src, None))
            continue
        ident = _identity(target)
        if ident is not None and ident in inputs:
            errors.append(f"{src.label}: refusing to write over an input ({target}); use --in-place "
                          "to rewrite files")
            continue
        key = os.path.realpath(target)
        real = os.path.realpath(src.path) if src.path is not None else "<stdin>"
        if key in claimed:
            index, other = claimed[key]
            if other == real:
                continue  # the same file, reached twice, going to the same place
            previous = tasks[index]
            if previous is not None:
                errors.append(f"{previous.src.label}: refused: {previous.src.label} and {src.label} would both "
                              f"be written to {target}")
                tasks[index] = None
            errors.append(f"{src.label}: refused: it would overwrite the output of another input ({target})")
            continue
        claimed[key] = (len(tasks), real)
        tasks.append(Task(src, target))
    return [t for t in tasks if t is not None]


# -- writing files ---------------------------------------------------------------------------
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _replace_atomically(path: Path, fill: Callable[[str], object]) -> None:
    """Write ``path`` through a temporary file beside it (``fill`` writes that file) and an
    atomic rename: an interrupted run never leaves a half-written output. A new file gets
    the mode the umask gives any new file (the temporary file's 0600 is not kept); a
    replaced file keeps its mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:200]}.", suffix=".tmp", dir=str(path.parent))
    os.close(fd)
    try:
        fill(tmp)
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _write_atomic(path: Path, text: str) -> None:
    def fill(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)

    _replace_atomically(path, fill)


# -- reports ---------------------------------------------------------------------------------
def _explain(label: str, result: CleanResult, encoding: str, read_warnings: Sequence[str] = ()) -> Iterator[str]:
    raw = result.raw
    edits = result.edits
    yield (f"== {label} (encoding {encoding}, script {result.notes.get('script', '?')}, "
           f"{len(edits)} edits)\n")
    starts_of_lines = line_starts(raw)
    for e in edits:
        ln = bisect.bisect_right(starts_of_lines, e.start)
        col = e.start - starts_of_lines[ln - 1] + 1
        before, after = raw[e.start:e.end], e.replacement
        yield f"{ln}:{col}\t{before!r} -> {after!r}\t{e.rule}\t{e.reason}\n"
    for w in list(read_warnings) + result.warnings:
        yield f"warning: {w}\n"
    for key in ("page_sequence", "chunk_prefixes"):
        if key in result.notes:
            yield f"found {key.replace('_', ' ')}: {result.notes[key]}\n"
    if result.metadata:
        yield "metadata: " + json.dumps(result.metadata, ensure_ascii=False) + "\n"


_COLORS = {"+": "\033[32m", "-": "\033[31m", "@": "\033[36m"}


def _diff(label: str, raw: str, output: str, color: bool) -> Iterator[str]:
    for line in difflib.unified_diff(raw.splitlines(keepends=True), output.splitlines(keepends=True),
                                     fromfile=label, tofile=f"{label} (clean)"):
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        if color:
            bold = line.startswith(("+++", "---"))
            code = "\033[1m" if bold else _COLORS.get(line[:1], "")
            if code:
                line = code + line.rstrip("\n") + "\033[0m\n"
        yield line


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    return sys.stdout is not None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


# -- the pipeline ------------------------------------------------------------------------------
def _check_names(skip: Sequence[str], only: Sequence[str]) -> None:
    """Normalizer names, each known (issue 14, items 9 and 11)."""
    known = registered()
    for option, names in (("--skip", skip), ("--only", only)):
        for name in names:
            if name not in known:
                try:
                    get_normalizer(name)  # an installed plugin's, maybe
                    continue
                except KeyError:
                    pass
                close = difflib.get_close_matches(name, list(known), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(sorted(known))})"
                raise UsageError(f"{option} {name}: no normalizer of that name{hint}")
    both = sorted(set(skip) & set(only))
    if both:
        raise UsageError(f"--skip and --only both name {', '.join(both)}: say which")


def _import_plugins(modules: Sequence[str]) -> None:
    """Import each ``--plugin`` module, so that the normalizers it registers can be named."""
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise UsageError(f"--plugin {module}: cannot import it ({exc}); it must be importable "
                             "(installed, or in a folder on PYTHONPATH)") from None
        except Exception as exc:
            raise UsageError(f"--plugin {module}: importing it failed: {type(exc).__name__}: {exc}") from None


def _step(pipeline: Pipeline, name: str) -> Any:
    return next((s for s in pipeline.steps if s.name == name), None)

def _load_boilerplate(path: str) -> list[tuple[str, str]]:
    """User line patterns, each compiled now: a bad one is named by file, line and rule."""
    from .normalizers.boilerplate import load_patterns

    try:
        patterns = load_patterns(path)
    except OSError as exc:
        raise UsageError(f"--boilerplate {path}: {exc.strerror or exc}") from None
    except (ValueError, regex.error) as exc:  # a bad pattern: load_patterns names file, line and rule
        raise UsageError(f"--boilerplate {path}: {exc}") from None
    return patterns


def _pipeline(args: argparse.Namespace, learned: Sequence[tuple[str, str]] = ()) -> Pipeline:
    """The pipeline a command line asks for, in layers: the default pipeline, then the
    ``--config`` file, then the convenience flags (``--script``, ``--indent``, ``--skip`` …:
    the command line beats the file, as in black or ruff), then each ``--set`` in turn."""
    from . import config, data

    _import_plugins(getattr(args, "plugin", None) or ())
    skip, only = args.skip or (), args.only or ()
    _check_names(skip, only)
    protected: list[str] = []
    for path in getattr(args, "protect", None) or ():
        try:
            protected.extend(data.words(data.read_user(path)))
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"--protect {path}: {getattr(exc, 'strerror', None) or exc}") from None
    patterns = list(learned) + [p for path in getattr(args, "boilerplate", None) or ()
                                for p in _load_boilerplate(path)]
    pipeline = Pipeline.default()
    if getattr(args, "config", None):
        pipeline = config.load(args.config, base=pipeline)
    if args.script is not None:
        for name, options in script_options(args.script).items():
            pipeline = pipeline.with_options(name, **options)
    if getattr(args, "indent", False):
        pipeline = pipeline.with_options("whitespace", indent=True)
    if args.counts:
        pipeline = pipeline.with_options("numerals", counts=True)
    if protected and (numerals := _step(pipeline, "numerals")) is not None:
        pipeline = pipeline.with_options("numerals", protected=tuple(numerals.options["protected"]) + tuple(protected))
    if patterns and (boilerplate := _step(pipeline, "boilerplate")) is not None:
        pipeline = pipeline.with_options("boilerplate", patterns=tuple(boilerplate.options["patterns"])
                                         + tuple(tuple(p) for p in patterns))
    names = pipeline.names()
    for name in only:
        if name not in names:
            raise UsageError(f"--only {name}: {name!r} is not a step of this pipeline (the default pipeline, or "
                             f"the steps of --config: {', '.join(names)}), so --only cannot select it")
    if only or skip:
        pipeline = Pipeline([s for s in pipeline.steps if s.name not in skip and (not only or s.name in only)],
                            pipeline.window)
    if getattr(args, "window", None):
        pipeline = Pipeline(pipeline.steps, args.window)
    for assignment in getattr(args, "set", None) or ():
        pipeline = config.assign(pipeline, assignment)
    return pipeline


def add_config_arguments(p: argparse.ArgumentParser) -> None:
    """The options that configure the pipeline from files and the command line (clean, audit)."""
    p.add_argument("--config", metavar="FILE",
                   help="a TOML pipeline configuration (window, steps, skip, [options.STEP]); see --print-config")
    p.add_argument("--set", action="append", metavar="STEP.OPTION=VALUE",
                   help="set one option of one step, after --config and the other flags (repeatable; VALUE in "
                        "TOML syntax: true, 3, \"text\", [\"a\", \"b\"]; a bare word is a string); window=N too")
    p.add_argument("--print-config", action="store_true",
                   help="print the whole effective configuration as TOML (for --config) and exit")
    p.add_argument("--plugin", action="append", metavar="MODULE",
                   help="import MODULE first, so that the normalizers it registers can be named (repeatable)")


def _print_config(pipeline: Pipeline) -> int:
    from .config import ConfigError, dumps

    try:
        text = dumps(pipeline)
    except ConfigError as exc:  # a user step's option that TOML cannot hold
        return _usage(f"--print-config: {exc}")
    Stdout().write(text)
    return 0


# -- cleaning (in workers) ---------------------------------------------------------------------
@dataclass
class Outcome:
    """What cleaning one input gave (made in a worker process, handled in input order)."""

    label: str
    raw: str = ""
    text: str = ""
    encoding: str = ""
    result: CleanResult | None = None
    error: str | None = None
    #: A file too large to hold: cleaned window by window into this temporary file.
    streamed: str | None = None
    changed: bool = True
    warnings: list[str] = field(default_factory=list)
    #: The page metadata of a streamed input (an input cleaned whole has it in ``result``).
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def output(self) -> str:
        return self.text + "\n" if self.text else ""


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it will report what is wrong


def _stream_file(pipeline: Pipeline, src: Source, encoding: str | None) -> Outcome:
    """Clean a large file window by window into a temporary file (flat memory)."""
    from .reader import detect_file_encoding, iter_text

    assert src.path is not None
    path = str(src.path)
    warnings: list[str] = []
    metadata: dict[str, str] = {}
    try:
        used = encoding or detect_file_encoding(path)
    except DecodeError as exc:
        return Outcome(src.label, error=f"{src.label}: {exc}")
    except OSError as exc:
        return Outcome(src.label, error=f"{src.label}: {exc.strerror or exc}")
    fd, tmp = tempfile.mkstemp(prefix=".cnpolicytext.", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            first = True
            for part in pipeline.clean_stream(iter_text(path, used, warnings=warnings), metadata=metadata):
                out.write(part if first else "\n" + part)
                first = False
            if not first:
                out.write("\n")
        return Outcome(src.label, encoding=used, streamed=tmp, warnings=warnings, metadata=metadata,
                       changed=not filecmp.cmp(path, tmp, shallow=False))
    except BaseException as exc:
        os.unlink(tmp)
        if isinstance(exc, DecodeError):
            return Outcome(src.label, error=f"{src.label}: {exc}")
        if isinstance(exc, OSError):
            return Outcome(src.label, error=f"{src.label}: {exc.strerror or exc}")
        raise


def _clean_one(pipeline: Pipeline, src: Source, encoding: str | None, track: bool,
               stream_over: int | None) -> Outcome:
    if stream_over is not None and src.path is not None and _size(src.path) > stream_over:
        return _stream_file(pipeline, src, encoding)
    try:
        raw, used, warnings = _read(src, encoding)
    except InputError as exc:
        return Outcome(src.label, error=str(exc))
    # The file's final line feed is the file format, not the text: the output ends with one
    # too, so it is no edit (--stats, --explain and -v count none for it).
    body = raw[:-1] if raw.endswith("\n") else raw
    result = pipeline.run(body) if track else None
    text = result.text if result is not None else pipeline.clean(body)
    outcome = Outcome(src.label, raw, text, used, result, warnings=list(warnings))
    outcome.changed = outcome.output != raw
    return outcome


def _clean_sources(config_json: str, sources: list[Source], window: int, encoding: str | None,
                   track: bool, stream_over: int | None) -> list[Outcome]:
    """Clean each source (a worker task); whatever goes wrong is that source's error."""
    from .parallel import pipeline_from_config

    pipeline = Pipeline(pipeline_from_config(config_json).steps, window)
    out = []
    for src in sources:
        try:
            out.append(_clean_one(pipeline, src, encoding, track, stream_over))
        except Exception as exc:  # one bad file never stops the others
            out.append(Outcome(src.label, error=f"{src.label}: cleaning failed: {type(exc).__name__}: {exc}"))
    return out


def _crashed(batch: list[Source], error: BaseException) -> list[Outcome]:
    return [Outcome(s.label, error=f"{s.label}: the process cleaning it died ({error})") for s in batch]


# -- the clean command -------------------------------------------------------------------------
@dataclass
class Run:
    """What a clean run carries from input to input."""

    args: argparse.Namespace
    progress: Progress
    out: Stdout = field(default_factory=Stdout)
    failed: bool = False
    changed: list[str] = field(default_factory=list)
    metadata: list[dict[str, Any]] = field(default_factory=list)
    stats: Any = None

    def error(self, message: str) -> None:
        self.failed = True
        self.progress.message(f"{PROG}: error: {message}")


def _usage(message: str) -> int:
    if sys.stderr is not None:
        print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def cmd_clean(args: argparse.Namespace) -> int:
    from .parallel import Stats

    if not args.paths and not args.print_config:
        return _usage("clean: give at least one PATH (a file, a folder, or - for standard input)")
    if args.in_place and args.output:
        return _usage("--in-place and -o exclude each other")
    if args.in_place and "-" in args.paths:
        return _usage("--in-place cannot rewrite stdin")
    if args.jsonl and (args.in_place or args.check or args.diff or args.explain or args.metadata):
        return _usage("--jsonl writes records; it does not go with --in-place, --check, --diff, --explain "
                      "or --metadata (page metadata goes into each record)")
    if (args.learn_boilerplate or args.save_boilerplate) and "-" in args.paths:
        return _usage("--learn-boilerplate reads its input twice: give files or folders, not stdin")
    if args.save_boilerplate and not args.learn_boilerplate:
        return _usage("--save-boilerplate saves what --learn-boilerplate learns: give both")
    errors: list[str] = []
    globs = tuple(args.glob) if args.glob else DEFAULT_JSONL_GLOBS if args.jsonl else DEFAULT_GLOBS
    sources = _sources(args.paths, globs, errors)
    run = Run(args, Progress(len(sources), sys.stderr is not None and sys.stderr.isatty() and not args.quiet),
              stats=Stats())
    try:
        try:
            learned = _learn(args, sources) if args.learn_boilerplate else []
            pipeline = _pipeline(args, learned)
        except UsageError as exc:
            return _usage(str(exc))
        except (KeyError, ValueError, OSError, regex.error) as exc:
            return _usage(str(exc.args[0] if isinstance(exc, KeyError) else exc))
        if args.print_config:
            return _print_config(pipeline)
        if args.jsonl:
            for msg in errors:
                run.error(msg)
            return _clean_jsonl(run, pipeline, sources)
        tasks = plan(args, sources, errors)
        for msg in errors:
            run.error(msg)
        _clean_files(run, pipeline, tasks)
    except PipeClosed:
        _silence_stdout()
        return 0
    except OutputFailed as exc:
        run.error(str(exc))
        _silence_stdout()
        return 1
    finally:
        run.progress.close()
    _print_stats(args, run.stats)
    if args.metadata:
        _write_metadata(run)
    if args.check and run.changed:
        for label in run.changed:
            run.out.write(f"would clean {label}\n")
        return 1
    return 1 if run.failed else 0


def _clean_files(run: Run, pipeline: Pipeline, tasks: list[Task]) -> None:
    from .parallel import _batched, default_jobs, ordered_map, worker_config

    args = run.args
    track = bool(args.explain or args.verbose or args.stats or args.metadata)
    jobs = min(args.jobs or default_jobs(), max(1, len(tasks)))
    if any(t.src.path is None for t in tasks):
        jobs = 1  # stdin is read here, never in a worker
    config = worker_config(pipeline)
    # A file larger than a few windows is cleaned window by window, never held whole
    # (for plain cleaning and --metadata: --check, --diff, --explain, -v, --stats read it whole).
    plain = not (args.explain or args.verbose or args.stats or args.check or args.diff)
    stream_over = 3 * pipeline.window if plain else None
    # With workers, small files travel several to a task (a task costs a process round-trip,
    # more than cleaning a short file); a batch closes at about BATCH_CHARS characters of
    # UTF-8. One job cleans file by file, and needs no sizes.
    sources: Iterable[list[Source]] = (
        _batched((t.src for t in tasks), 64, lambda src: _size(src.path) // 3 if src.path is not None else 0)
        if jobs > 1 else ([t.src] for t in tasks))
    outcomes = ordered_map(_clean_sources, sources, jobs, config, pipeline.window,
                           args.encoding, track, stream_over, on_crash=_crashed)
    for task, outcome in zip(tasks, outcomes, strict=False):
        run.progress.step(task.src.label)
        try:
            _deliver(run, task, outcome)
        except InputError as exc:
            run.error(str(exc))
        except (PipeClosed, OutputFailed):
            raise
        except OSError as exc:  # the output file could not be written
            run.error(f"{task.src.label}: cannot write {task.target}: {exc.strerror or exc}")
        except Exception as exc:
            run.error(f"{task.src.label}: {type(exc).__name__}: {exc}")
        finally:
            if outcome.streamed is not None and os.path.exists(outcome.streamed):
                os.unlink(outcome.streamed)


def _deliver(run: Run, task: Task, outcome: Outcome) -> None:
    """Put one cleaned input where it goes: the one path for in-memory and streamed outputs."""
    from .parallel import Stats

    args, label = run.args, task.src.label
    if outcome.error is not None:
        raise InputError(outcome.error)
    result = outcome.result
    warnings = outcome.warnings + (result.warnings if result is not None else [])
    if args.verbose:
        edits = f", script {result.notes.get('script', '?')}, {len(result.edits)} edits" if result else ""
        run.progress.message(f"{label}: encoding {outcome.encoding}{edits}")
        for w in warnings:
            run.progress.message(f"{label}: warning: {w}")
    if result is not None and args.stats:
        run.stats.add(Stats.of(result))
    if args.metadata:
        run.metadata.append({"path": label, "metadata": result.metadata if result is not None else outcome.metadata})
    if outcome.changed:
        run.changed.append(label)
    if args.explain and result is not None:
        run.out.writelines(_explain(label, result, outcome.encoding, outcome.warnings))
    elif args.diff:
        run.out.writelines(_diff(label, outcome.raw, outcome.output, _use_color(args.color)))
    if args.check:
        return
    if task.target is None:
        if not (args.explain or args.diff):
            if outcome.streamed is not None:
                run.out.copy(outcome.streamed)
            else:
                run.out.write(outcome.output)
        return
    if args.in_place and not outcome.changed:
        return
    if outcome.streamed is not None:
        staged = outcome.streamed
        # Copied onto the target's file system first, then renamed into place.
        _replace_atomically(task.target, lambda tmp: shutil.copyfile(staged, tmp))
    else:
        _write_atomic(task.target, outcome.output)


def _print_stats(args: argparse.Namespace, stats: Any) -> None:
    if sys.stderr is None:
        return
    if args.stats == "json":
        print(json.dumps(stats.to_dict(), ensure_ascii=False), file=sys.stderr)
    elif args.stats:
        print(stats.table(), file=sys.stderr)


def _write_metadata(run: Run) -> None:
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in run.metadata)
    try:
        _write_atomic(Path(run.args.metadata), lines)
    except OSError as exc:
        run.error(f"--metadata {run.args.metadata}: cannot write: {exc.strerror or exc}")


# -- learning templates ------------------------------------------------------------------------
def _learn(args: argparse.Namespace, sources: list[Source]) -> list[tuple[str, str]]:
    """The first of two passes over a corpus: the lines its documents share (issue 11)."""
    from .normalizers import boilerplate

    learn = getattr(boilerplate, "learn", None)
    if learn is None:
        raise UsageError("--learn-boilerplate needs cnpolicytext.normalizers.boilerplate.learn, which this "
                         "version lacks")

    def texts() -> Iterator[str]:
        for src in sources:
            try:  # what cannot be read is reported by the cleaning pass
                if args.jsonl:
                    for _, record in _records(src, args.encoding, args.text_key, lambda message: None):
                        yield record[args.text_key]
                else:
                    yield _read(src, args.encoding)[0]
            except InputError:
                continue

    learned = [(str(rule), str(pattern)) for rule, pattern in learn(texts())]
    if args.save_boilerplate:
        save = getattr(boilerplate, "save_patterns", None)
        if save is None:
            raise UsageError("--save-boilerplate needs cnpolicytext.normalizers.boilerplate.save_patterns, which this "
                             "version lacks")
        try:
            save(learned, args.save_boilerplate)
        except OSError as exc:
            raise UsageError(f"--save-boilerplate {args.save_boilerplate}: {exc.strerror or exc}") from None
    return learned


# -- JSON Lines --------------------------------------------------------------------------------
def _records(src: Source, encoding: str | None, key: str,
             report: Callable[[str], None]) -> Iterator[tuple[int, dict[str, Any]]]:
    """The records of a JSON Lines input, line by line (flat memory), with their line numbers.

    Each line is decoded on its own, so a bad byte costs only its record (reported with its
    line and its byte offset in the file). JSON Lines is UTF-8 (a BOM is allowed);
    ``--encoding`` names another; one that does not keep ``\\n`` a single byte (UTF-16) is
    decoded as a whole stream instead.
    """
    name = encoding or "utf-8"
    n = 0
    try:
        stream = sys.stdin.buffer if src.path is None else open(src.path, "rb")  # noqa: SIM115 - closed below
    except AttributeError:
        raise InputError("<stdin>: standard input is closed") from None
    except OSError as exc:
        raise InputError(f"{src.label}: {exc.strerror or exc}") from None
    try:
        if "\n".encode(name) != b"\n":
            import io

            lines = io.TextIOWrapper(stream, encoding=name, errors="strict", newline=None)
            try:
                for n, line in enumerate(lines, start=1):
                    yield from _record(src, n, line, key, report)
            except UnicodeDecodeError:
                raise InputError(f"{src.label}: not valid {name} (after line {n})") from None
            return
        offset = 0
        for n, data in enumerate(stream, start=1):
            if n == 1 and encoding is None and data.startswith(codecs.BOM_UTF8):
                data, offset = data[3:], 3
            try:
                line = data.decode(name)
            except UnicodeDecodeError as exc:
                report(f"{src.label}:{n}: not valid {name} at byte {offset + exc.start} of the file; record skipped")
            else:
                yield from _record(src, n, line, key, report)
            offset += len(data)
    finally:
        if src.path is not None:
            stream.close()


def _record(src: Source, n: int, line: str, key: str,
            report: Callable[[str], None]) -> Iterator[tuple[int, dict[str, Any]]]:
    """The record on line ``n`` (nothing, and a problem reported, when it is not one)."""
    if not line.strip():
        return
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        report(f"{src.label}:{n}: not JSON ({exc.msg})")
        return
    if not isinstance(record, dict) or not isinstance(record.get(key), str):
        report(f"{src.label}:{n}: not a JSON object with a string field {key!r}")
        return
    if "\\ud" in line.lower():  # an escaped surrogate: fine in a pair, not alone
        try:
            json.dumps(record, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            report(f"{src.label}:{n}: holds a lone surrogate (\\u{ord(exc.object[exc.start]):04x}), which is not "
                   "Unicode text; record skipped")
            return
    yield n, record


def _clean_jsonl(run: Run, pipeline: Pipeline, sources: list[Source]) -> int:
    from .parallel import (
        Stats,
        _batched,
        _record_length,
        clean_numbered_records,
        default_jobs,
        ordered_map,
        worker_config,
    )

    args = run.args
    output = args.output if args.output and args.output != "-" else None
    if output is not None:
        if os.path.isdir(output):
            return _usage(f"-o {output}: --jsonl writes one JSON Lines file, and this is a folder")
        ident = _identity(Path(output))
        if ident is not None and any(s.path is not None and _identity(s.path) == ident for s in sources):
            return _usage(f"-o {output}: refusing to write over an input")
    config = worker_config(pipeline)
    jobs = args.jobs or default_jobs()

    def crashed(batch: list[tuple[int, dict[str, Any]]], error: BaseException) -> list[Any]:
        return [(n, None, Stats(), f"the process cleaning it died ({error})") for n, _ in batch]

    def write_all(write: Callable[[str], object]) -> None:
        for src in sources:
            run.progress.step(src.label)
            try:
                items = _records(src, args.encoding, args.text_key, run.error)
                for n, record, stats, error in ordered_map(
                        clean_numbered_records, _batched(items, 64, _record_length(args.text_key)), jobs,
                        config, args.text_key, args.with_edits, on_crash=crashed):
                    if record is None:
                        run.error(f"{src.label}:{n}: {error}")
                        continue
                    run.stats.add(stats)
                    write(json.dumps(record, ensure_ascii=False) + "\n")
            except InputError as exc:
                run.error(str(exc))

    if output is None:
        write_all(run.out.write)
    else:
        def fill(tmp: str) -> None:
            with open(tmp, "w", encoding="utf-8", newline="\n") as f:
                write_all(f.write)
        try:
            _replace_atomically(Path(output), fill)
        except OSError as exc:
            run.error(f"-o {output}: cannot write: {exc.strerror or exc}")
    run.progress.close()
    _print_stats(args, run.stats)
    return 1 if run.failed else 0


# -- other commands ------------------------------------------------------------------------------
def cmd_list(args: argparse.Namespace) -> int:
    """Each normalizer, the default steps first, with its options: type, default (as TOML, to
    copy into a --config file) and what it does."""
    from .config import describe

    try:
        _import_plugins(args.plugin or ())
    except UsageError as exc:
        return _usage(str(exc))
    reg = registered()
    lines = []
    for name in list(DEFAULT_STEPS) + sorted(set(reg) - set(DEFAULT_STEPS)):
        cls = reg[name]
        lines.append(f"{name:12s} {cls.summary}" + ("" if name in DEFAULT_STEPS else "  (not a default step)"))
        for option, kind, default, doc in describe(cls):
            lines.append(f"    {option} ({kind}, default {default})" + (f": {doc}" if doc else ""))
    Stdout().write("\n".join(lines) + "\n")
    return 0


def cmd_outline(args: argparse.Namespace) -> int:
    from .headings import build_outline

    try:
        raw, _, _ = _read(Source(None if args.path == "-" else Path(args.path), None), args.encoding)
    except InputError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    outline = build_outline(raw, Pipeline.default())
    if args.json:
        print(json.dumps(outline.to_dict(), ensure_ascii=False, indent=2))
    else:
        if outline.headings:
            print(outline.render())
        for w in outline.warnings:
            print(f"warning: {w}", file=sys.stderr)
    return 0


# -- the parser ----------------------------------------------------------------------------------
def add_clean_parser(sub: Any) -> None:
    c = sub.add_parser("clean", help="clean files, folders (*.txt and *.md, recursively) or stdin (-)")
    c.add_argument("paths", nargs="*", metavar="PATH")
    c.add_argument("-o", "--output", help="output file, or folder mirroring the input tree")
    c.add_argument("--in-place", action="store_true", help="rewrite each file (atomically; never a symbolic link)")
    c.add_argument("--check", action="store_true", help="exit 1 and list files that would change")
    c.add_argument("--explain", action="store_true", help="list every edit instead of the text")
    c.add_argument("--diff", action="store_true", help="print a unified diff instead of the text (with --check too)")
    c.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                   help="colour the --diff (default: auto, on a terminal unless NO_COLOR is set)")
    c.add_argument("--glob", action="append", metavar="PATTERN",
                   help="which files of a folder to clean (repeatable; default: *.txt and *.md, *.jsonl with --jsonl)")
    c.add_argument("--skip", action="append", metavar="NAME", help="switch a normalizer off")
    c.add_argument("--only", action="append", metavar="NAME", help="run only these normalizers")
    c.add_argument("--script", choices=["zh-Hans", "zh-Hant", "zh-TW", "zh-HK", "keep"],
                   help="the script to write (default: zh-Hans; keep: convert nothing)")
    c.add_argument("--indent", action="store_true", help="GB/T 9704 layout: indent paragraphs with 　　")
    c.add_argument("--counts", action="store_true", help="also convert counts with measure words (十五个 -> 15个)")
    c.add_argument("--protect", action="append", metavar="FILE",
                   help="more expressions that keep their Chinese numerals (one per line)")
    c.add_argument("--boilerplate", action="append", metavar="FILE",
                   help="more web-page line patterns (rule<TAB>regex per line, as data/boilerplate.tsv)")
    c.add_argument("--learn-boilerplate", action="store_true",
                   help="read the corpus twice: learn the lines its documents share (a site's template), "
                        "then clean with them")
    c.add_argument("--save-boilerplate", metavar="FILE",
                   help="with --learn-boilerplate: save the learned patterns, for --boilerplate FILE later")
    c.add_argument("--metadata", metavar="FILE",
                   help="write each input's page metadata (发布时间, 来源 …) to FILE, one JSON line per file")
    c.add_argument("--encoding", type=_encoding, help="input encoding (default: detect)")
    c.add_argument("--window", type=_positive, default=None, metavar="CHARS",
                   help="clean texts longer than this in windows; larger files stream (default: 4,000,000)")
    c.add_argument("-j", "--jobs", type=_positive, default=None, metavar="N",
                   help="clean files in N processes (default: every core)")
    c.add_argument("--jsonl", action="store_true", help="inputs are JSON Lines; clean one field of each record")
    c.add_argument("--text-key", default="text", metavar="KEY", help="the field --jsonl cleans (default: text)")
    c.add_argument("--with-edits", action="store_true",
                   help="with --jsonl: add each record's edits (as cnpolicytext_edits)")
    c.add_argument("--stats", action="store_const", const="table",
                   help="per normalizer and rule: documents changed and edits made, a table on stderr")
    c.add_argument("--stats-json", dest="stats", action="store_const", const="json",
                   help="the same statistics as JSON on stderr")
    c.add_argument("-v", "--verbose", action="store_true", help="report encoding, script, edit counts and warnings")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    add_config_arguments(c)
    c.set_defaults(func=cmd_clean)


def add_list_parser(sub: Any) -> None:
    ls = sub.add_parser("list", help="list the registered normalizers and their options")
    ls.add_argument("--plugin", action="append", metavar="MODULE", help="import MODULE first (repeatable)")
    ls.set_defaults(func=cmd_list)


def add_bench_parser(sub: Any) -> None:
    sub.add_parser("bench", help="measure cleaning speed on this machine (bench --help)", add_help=False)


def add_outline_parser(sub: Any) -> None:
    o = sub.add_parser("outline", help="print the heading tree of a document")
    o.add_argument("path", metavar="FILE")
    o.add_argument("--json", action="store_true")
    o.add_argument("--encoding", type=_encoding)
    o.set_defaults(func=cmd_outline)


def cmd_completion(args: argparse.Namespace) -> int:
    """Print a shell completion script, made from the parser itself by shtab."""
    if importlib.util.find_spec("shtab") is None:
        return _usage("completion needs shtab (pip install 'cnpolicytext[completion]')")
    import shtab

    Stdout().write(shtab.complete(build_parser(), shell=args.shell))
    return 0


def add_completion_parser(sub: Any) -> None:
    sc = sub.add_parser("completion", help="print a shell completion script (needs shtab)",
                        description="e.g. cnpolicytext completion bash > "
                                    "~/.local/share/bash-completion/completions/cnpolicytext")
    sc.add_argument("shell", choices=["bash", "zsh", "tcsh"])
    sc.set_defaults(func=cmd_completion)


def add_audit_parser(sub: Any) -> None:
    from . import audit

    a = sub.add_parser("audit", help="what cleaning does to a corpus: per rule edits, characters, lines, samples")
    audit.add_arguments(a)
    a.set_defaults(func=audit.main)


#: One function per subcommand, each adding its parser: a new command is one more entry.
COMMANDS: list[Callable[[Any], None]] = [add_clean_parser, add_list_parser, add_bench_parser, add_outline_parser,
                                         add_audit_parser, add_completion_parser]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Clean noisy Chinese policy texts.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _setup_streams()
    if argv[:1] == ["bench"]:
        if any(a == "--plot" or a.startswith("--plot=") for a in argv[1:]) \
                and importlib.util.find_spec("matplotlib") is None:
            return _usage("bench --plot needs matplotlib (pip install 'cnpolicytext[bench]')")
        from .bench import main as bench_main

        return bench_main(argv[1:])
    args = build_parser().parse_args(argv)
    if args.command in ("clean", "audit", "list") and sys.stderr is not None:
        # Installed plugins are loaded up front, so that a broken one is said once, here.
        for problem in load_entry_points():
            print(f"{PROG}: warning: {problem}", file=sys.stderr)
    if getattr(args, "explain", False) and getattr(args, "diff", False):
        return _usage("--explain and --diff exclude each other")
    try:
        return int(args.func(args))
    except (PipeClosed, BrokenPipeError):
        _silence_stdout()
        return 0
    except OutputFailed as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        _silence_stdout()
        return 1
    except KeyboardInterrupt:
        return 130
