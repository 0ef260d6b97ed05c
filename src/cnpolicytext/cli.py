"""Command line: ``python -m cnpolicytext clean|list|outline|bench``."""

from __future__ import annotations

import argparse
import bisect
import difflib
import filecmp
import shutil
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence, TextIO

import regex

from . import __version__, load_all, registered
from .pipeline import DEFAULT_STEPS, CleanResult, Pipeline
from .reader import DecodeError, decode, read_file

PROG = "cnpolicytext"


class InputError(Exception):
    """A problem with one input path; reported on one line, the other files go on."""


@dataclass(frozen=True)
class Source:
    path: Path | None  # None for stdin
    root: Path | None  # the folder given on the command line, for mirrored output

    @property
    def label(self) -> str:
        return "<stdin>" if self.path is None else str(self.path)


def _sources(paths: Sequence[str], errors: list[str]) -> Iterator[Source]:
    for p in paths:
        if p == "-":
            yield Source(None, None)
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*.txt") if f.is_file())
            if not files:
                errors.append(f"{p}: folder holds no .txt file")
            for f in files:
                yield Source(f, path)
        elif path.exists():
            yield Source(path, None)
        else:
            errors.append(f"{p}: no such file or folder")


def _read(src: Source, encoding: str | None) -> tuple[str, str]:
    try:
        if src.path is None:
            d = decode(sys.stdin.buffer.read(), encoding)
        else:
            d = read_file(str(src.path), encoding)
    except DecodeError as exc:
        raise InputError(f"{src.label}: {exc}") from None
    except OSError as exc:
        raise InputError(f"{src.label}: {exc.strerror or exc}") from None
    return d.text, d.encoding


def _as_file(text: str) -> str:
    return text + "\n" if text else ""


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


def _replace_atomically(path: Path, fill: Callable[[str], object]) -> None:
    """Write ``path`` through a temporary file beside it (``fill`` writes that file) and an
    atomic rename: an interrupted run never leaves a half-written output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    os.close(fd)
    try:
        fill(tmp)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
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


def _explain(label: str, result: CleanResult, encoding: str, out: TextIO) -> None:
    raw = result.raw
    edits = result.edits
    print(f"== {label} (encoding {encoding}, script {result.notes.get('script', '?')}, "
          f"{len(edits)} edits)", file=out)
    line_starts = [0] + [m.end() for m in regex.finditer("\n", raw)]
    for e in edits:
        ln = bisect.bisect_right(line_starts, e.start)
        col = e.start - line_starts[ln - 1] + 1
        before, after = raw[e.start:e.end], e.replacement
        print(f"{ln}:{col}\t{before!r} -> {after!r}\t{e.rule}\t{e.reason}", file=out)
    for w in result.warnings:
        print(f"warning: {w}", file=out)
    for key in ("page_sequence", "chunk_prefixes"):
        if key in result.notes:
            print(f"found {key.replace('_', ' ')}: {result.notes[key]}", file=out)
    if result.metadata:
        print("metadata: " + json.dumps(result.metadata, ensure_ascii=False), file=out)


class _Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self.done = total, enabled and total > 1, 0

    def step(self, label: str) -> None:
        if self.enabled:
            self.done += 1
            sys.stderr.write(f"\r[{self.done}/{self.total}] {label[-60:]:<60}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def _pipeline(args: argparse.Namespace) -> Pipeline:
    from .boilerplate import load_patterns

    protected: list[str] = []
    for path in args.protect or ():
        with open(path, encoding="utf-8") as f:
            protected.extend(line.strip() for line in f if line.strip() and not line.startswith("#"))
    patterns = [p for path in args.boilerplate or () for p in load_patterns(path)]
    pipeline = Pipeline.default(script=args.script, indent=args.indent, counts=args.counts, protected=protected,
                                boilerplate=patterns, skip=args.skip or (), only=args.only or ())
    window = getattr(args, "window", None)
    return Pipeline(pipeline.steps, window) if window else pipeline


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
    try:
        used = encoding or detect_file_encoding(path)
        fd, tmp = tempfile.mkstemp(prefix=".cnpolicytext.", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            first = True
            for part in pipeline.clean_stream(iter_text(path, used)):
                out.write(part if first else "\n" + part)
                first = False
            if not first:
                out.write("\n")
        return Outcome(src.label, encoding=used, streamed=tmp, changed=not filecmp.cmp(path, tmp, shallow=False))
    except (DecodeError, LookupError) as exc:
        if "tmp" in locals() and os.path.exists(tmp):
            os.unlink(tmp)
        return Outcome(src.label, error=f"{src.label}: {exc}")
    except OSError as exc:
        return Outcome(src.label, error=f"{src.label}: {exc.strerror or exc}")


def _clean_source(config_json: str, sources: list[Source], window: int, encoding: str | None,
                  track: bool, stream_over: int | None) -> list[Outcome]:
    from .parallel import pipeline_from_config

    pipeline = Pipeline(pipeline_from_config(config_json).steps, window)
    out = []
    for src in sources:
        if stream_over is not None and src.path is not None and _size(src.path) > stream_over:
            out.append(_stream_file(pipeline, src, encoding))
            continue
        try:
            raw, used = _read(src, encoding)
        except InputError as exc:
            out.append(Outcome(src.label, error=str(exc)))
            continue
        result = pipeline.run(raw) if track else None
        text = result.text if result is not None else pipeline.clean(raw)
        out.append(Outcome(src.label, raw, text, used, result))
    return out


def cmd_clean(args: argparse.Namespace) -> int:
    from .parallel import Stats, default_jobs, ordered_map

    errors: list[str] = []
    if args.in_place and args.output:
        print(f"{PROG}: error: --in-place and -o exclude each other", file=sys.stderr)
        return 2
    if args.in_place and "-" in args.paths:
        print(f"{PROG}: error: --in-place cannot rewrite stdin", file=sys.stderr)
        return 2
    try:
        pipeline = _pipeline(args)
    except (KeyError, ValueError, OSError, regex.error) as exc:
        print(f"{PROG}: error: {exc.args[0] if isinstance(exc, KeyError) else exc}", file=sys.stderr)
        return 2
    sources = list(_sources(args.paths, errors))
    for msg in errors:
        print(f"{PROG}: error: {msg}", file=sys.stderr)
    if args.jsonl:
        return _clean_jsonl(args, pipeline, sources, failed=bool(errors))
    many = len(sources) > 1 or any(s.root is not None for s in sources)
    progress = _Progress(len(sources), sys.stderr.isatty() and not args.quiet)
    changed: list[str] = []
    failed = bool(errors)
    stats = Stats()
    track = bool(args.explain or args.verbose or args.stats)
    jobs = min(args.jobs or default_jobs(), max(1, len(sources)))
    config = json.dumps(pipeline.config(), ensure_ascii=False)
    # Stdin is read here, never in a worker.
    if any(s.path is None for s in sources):
        jobs = 1
    by_label = {s.label: s for s in sources}
    # A file larger than a few windows is cleaned window by window, never held whole
    # (only for plain cleaning: --check, --diff, --explain and --stats read it whole).
    plain = not (track or args.check or args.diff)
    stream_over = 3 * pipeline.window if plain else None
    for outcome in ordered_map(_clean_source, ([s] for s in sources), jobs, config, pipeline.window,
                               args.encoding, track, stream_over):
        src = by_label[outcome.label]
        progress.step(src.label)
        try:
            if outcome.error is not None:
                raise InputError(outcome.error)
            if outcome.streamed is not None:
                _deliver_streamed(src, outcome, args, many)
                continue
            raw, text, result = outcome.raw, outcome.text, outcome.result
            if args.verbose and result is not None:
                print(f"{src.label}: encoding {outcome.encoding}, script {result.notes.get('script', '?')}, "
                      f"{len(result.edits)} edits", file=sys.stderr)
            if result is not None and args.stats:
                stats = stats + Stats.of(result)
            output = _as_file(text)
            if output != raw:
                changed.append(src.label)
            if args.check:
                continue
            target = src.path if args.in_place else _target(src, args.output, many)
            if target is not None and src.path is not None and not args.in_place and target.exists() \
                    and os.path.samefile(target, src.path):
                raise InputError(f"{src.label}: refusing to write over the input (use --in-place)")
            if args.explain:
                _explain(src.label, result, outcome.encoding, sys.stdout)  # type: ignore[arg-type]
            elif args.diff:
                sys.stdout.writelines(difflib.unified_diff(
                    raw.splitlines(keepends=True), output.splitlines(keepends=True),
                    fromfile=src.label, tofile=f"{src.label} (clean)"))
            if target is not None:
                if target == src.path and output == raw:
                    continue
                _write_atomic(target, output)
            elif not (args.explain or args.diff):
                sys.stdout.write(output)
        except InputError as exc:
            failed = True
            print(f"{PROG}: error: {exc}", file=sys.stderr)
        except OSError as exc:  # the output could not be written
            failed = True
            print(f"{PROG}: error: {src.label}: cannot write: {exc.strerror or exc}", file=sys.stderr)
    progress.close()
    sys.stdout.flush()
    _print_stats(args, stats)
    if args.check:
        for label in changed:
            print(f"would clean {label}")
        if changed:
            return 1
    return 1 if failed else 0


def _deliver_streamed(src: Source, outcome: Outcome, args: argparse.Namespace, many: bool) -> None:
    """Put a file cleaned window by window where its output goes; remove the temporary file."""
    tmp = outcome.streamed
    assert tmp is not None
    try:
        target = src.path if args.in_place else _target(src, args.output, many)
        if target is None:
            with open(tmp, encoding="utf-8") as f:
                shutil.copyfileobj(f, sys.stdout)
            return
        if not args.in_place and target.exists() and src.path is not None and os.path.samefile(target, src.path):
            raise InputError(f"{src.label}: refusing to write over the input (use --in-place)")
        if target == src.path and not outcome.changed:
            return
        # Copied onto the target's file system first, then renamed into place.
        _replace_atomically(target, lambda staged: shutil.copyfile(tmp, staged))
    finally:
        os.unlink(tmp)


def _print_stats(args: argparse.Namespace, stats: "Any") -> None:
    if args.stats == "json":
        print(json.dumps(stats.to_dict(), ensure_ascii=False), file=sys.stderr)
    elif args.stats:
        print(stats.table(), file=sys.stderr)


def _records(src: Source, encoding: str | None, key: str, problems: list[str]) -> Iterator[dict]:
    """The records of a JSON Lines input, read line by line: memory stays flat.

    JSON Lines is UTF-8 (a BOM is allowed); ``--encoding`` names another encoding.
    """
    import io

    try:
        stream = sys.stdin.buffer if src.path is None else open(src.path, "rb")
    except OSError as exc:
        raise InputError(f"{src.label}: {exc.strerror or exc}") from None
    lines = io.TextIOWrapper(stream, encoding=encoding or "utf-8-sig", errors="strict", newline=None)
    n = 0
    try:
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            yield from _record(src, n, line, key, problems)
    except UnicodeDecodeError as exc:
        raise InputError(f"{src.label}: line {n + 1} is not valid {encoding or 'UTF-8'} (byte {exc.start})") from None
    finally:
        if src.path is not None:
            lines.close()


def _record(src: Source, n: int, line: str, key: str, problems: list[str]) -> Iterator[dict]:
    """The record on line ``n`` (nothing, and a problem noted, when it is not one)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        problems.append(f"{src.label}:{n}: not JSON ({exc.msg})")
        return
    if not isinstance(record, dict) or not isinstance(record.get(key), str):
        problems.append(f"{src.label}:{n}: not a JSON object with a string field {key!r}")
        return
    yield record


def _clean_jsonl(args: argparse.Namespace, pipeline: Pipeline, sources: list[Source], failed: bool) -> int:
    from .parallel import Stats, clean_records

    if args.in_place or args.check or args.diff or args.explain:
        print(f"{PROG}: error: --jsonl writes records; it does not go with --in-place, --check, --diff "
              "or --explain", file=sys.stderr)
        return 2
    stats = Stats()
    out = open(args.output, "w", encoding="utf-8") if args.output and args.output != "-" else sys.stdout
    try:
        for src in sources:
            problems: list[str] = []
            try:
                records = _records(src, args.encoding, args.text_key, problems)
                for record in clean_records(records, text_key=args.text_key,
                                            edits=args.with_edits, pipeline=pipeline, jobs=args.jobs,
                                            stats=stats):
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            except InputError as exc:
                problems.append(str(exc))
            for problem in problems:
                failed = True
                print(f"{PROG}: error: {problem}", file=sys.stderr)
    finally:
        if out is not sys.stdout:
            out.close()
    _print_stats(args, stats)
    return 1 if failed else 0


def cmd_list(args: argparse.Namespace) -> int:
    load_all()
    reg = registered()
    for name in list(DEFAULT_STEPS) + sorted(set(reg) - set(DEFAULT_STEPS)):
        cls = reg[name]
        opts = ", ".join(f"{k}={v!r}" for k, v in cls.defaults.items())
        print(f"{name:12s} {cls.summary}" + (f"  [{opts}]" if opts else ""))
    return 0


def cmd_outline(args: argparse.Namespace) -> int:
    from .numbering import build_outline

    try:
        raw, _ = _read(Source(None if args.path == "-" else Path(args.path), None), args.encoding)
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Clean noisy Chinese policy texts.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("clean", help="clean files, folders (*.txt, recursively) or stdin (-)")
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.add_argument("-o", "--output", help="output file, or folder mirroring the input tree")
    c.add_argument("--in-place", action="store_true", help="rewrite each file (atomically)")
    c.add_argument("--check", action="store_true", help="exit 1 and list files that would change")
    c.add_argument("--explain", action="store_true", help="list every edit instead of the text")
    c.add_argument("--diff", action="store_true", help="print a unified diff instead of the text")
    c.add_argument("--skip", action="append", metavar="NAME", help="switch a normalizer off")
    c.add_argument("--only", action="append", metavar="NAME", help="run only these normalizers")
    c.add_argument("--script", default="zh-Hans", choices=["zh-Hans", "zh-Hant", "zh-TW", "zh-HK", "keep"])
    c.add_argument("--indent", action="store_true", help="GB/T 9704 layout: indent paragraphs with 　　")
    c.add_argument("--counts", action="store_true", help="also convert counts with measure words (十五个 -> 15个)")
    c.add_argument("--protect", action="append", metavar="FILE",
                   help="more expressions that keep their Chinese numerals (one per line)")
    c.add_argument("--boilerplate", action="append", metavar="FILE",
                   help="more web-page line patterns (rule<TAB>regex per line, as data/boilerplate.tsv)")
    c.add_argument("--encoding", help="input encoding (default: detect)")
    c.add_argument("--window", type=int, default=None, metavar="CHARS",
                   help="clean texts longer than this in windows; larger files stream (default: 4,000,000)")
    c.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="clean files in N processes (default: every core)")
    c.add_argument("--jsonl", action="store_true", help="inputs are JSON Lines; clean one field of each record")
    c.add_argument("--text-key", default="text", metavar="KEY", help="the field --jsonl cleans (default: text)")
    c.add_argument("--with-edits", action="store_true", help="with --jsonl: add each record's edits")
    c.add_argument("--stats", action="store_const", const="table",
                   help="per normalizer and rule: documents changed and edits made, a table on stderr")
    c.add_argument("--stats-json", dest="stats", action="store_const", const="json",
                   help="the same statistics as JSON on stderr")
    c.add_argument("-v", "--verbose", action="store_true", help="report encoding, script and edit counts")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    c.set_defaults(func=cmd_clean)
    ls = sub.add_parser("list", help="list the registered normalizers")
    ls.set_defaults(func=cmd_list)
    sub.add_parser("bench", help="measure cleaning speed on this machine (bench --help)", add_help=False)
    o = sub.add_parser("outline", help="print the heading tree of a document")
    o.add_argument("path", metavar="FILE")
    o.add_argument("--json", action="store_true")
    o.add_argument("--encoding")
    o.set_defaults(func=cmd_outline)
    from . import audit

    a = sub.add_parser("audit", help="what cleaning does to a corpus: per rule edits, characters, lines, samples")
    audit.add_arguments(a)
    a.set_defaults(func=audit.main)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["bench"]:
        from .bench import main as bench_main

        return bench_main(argv[1:])
    args = build_parser().parse_args(argv)
    if getattr(args, "explain", False) and getattr(args, "diff", False):
        print(f"{PROG}: error: --explain and --diff exclude each other", file=sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
