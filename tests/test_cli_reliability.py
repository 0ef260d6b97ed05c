"""The command line never loses data and never crashes (issue 15): each case through a subprocess.

Some failures cannot be staged for real in a test run as root (an unreadable folder, a
worker killed by the system, a step that raises): those run the CLI in a small driver that
patches one function first, then calls ``cnpolicytext.cli.main`` as the command does.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cnpolicytext import clean

from .conftest import ROOT
from .test_cli import run

DIRTY = "精神,结合 发展"
TIDY = clean(DIRTY) + "\n"


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def run_patched(setup: str, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    code = setup + "\nimport sys\nfrom cnpolicytext.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return subprocess.run([sys.executable, "-c", code, *args], input=stdin, capture_output=True, env=env(),
                          timeout=120)


def shell(command: str, *args: str) -> subprocess.CompletedProcess:
    """``command`` in sh, with ``$PY`` the interpreter and ``$1``… the arguments."""
    return subprocess.run(["sh", "-c", command, "sh", *args], capture_output=True, timeout=120,
                          env={**env(), "PY": sys.executable})


def one_line_error(r: subprocess.CompletedProcess, *words: str) -> str:
    err = r.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    hits = [ln for ln in lines if all(w in ln for w in words)]
    assert hits, err
    return err


def write(path: Path, text: str = DIRTY) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- outputs that would destroy inputs ---------------------------------------------------------
def test_jsonl_output_that_is_its_input_is_refused(tmp_path):
    src = tmp_path / "r.jsonl"
    data = json.dumps({"text": DIRTY}, ensure_ascii=False) + "\n"
    write(src, data)
    r = run("clean", "--jsonl", str(src), "-o", str(src))
    assert r.returncode == 2
    one_line_error(r, "refusing", str(src))
    assert src.read_text(encoding="utf-8") == data
    link = tmp_path / "link.jsonl"
    link.symlink_to(src)
    r = run("clean", "--jsonl", str(src), "-o", str(link))
    assert r.returncode == 2 and src.read_text(encoding="utf-8") == data


def test_plain_output_that_is_an_input_is_refused(tmp_path):
    a, b = write(tmp_path / "in" / "a.txt"), write(tmp_path / "in" / "b.txt")
    r = run("clean", str(tmp_path / "in"), "-o", str(tmp_path / "in"))  # mirror onto itself
    assert r.returncode == 1
    one_line_error(r, "refusing", "a.txt")
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8") == DIRTY
    hard = tmp_path / "hard.txt"
    os.link(a, hard)
    r = run("clean", str(a), "-o", str(hard))  # another name for the same file
    assert r.returncode == 1 and a.read_text(encoding="utf-8") == DIRTY


def test_two_inputs_for_one_output_are_both_refused_and_the_rest_is_written(tmp_path):
    x, y = write(tmp_path / "x" / "a.txt"), write(tmp_path / "y" / "a.txt", "另一个,文件")
    other = write(tmp_path / "x" / "c.txt")
    out = tmp_path / "out"
    r = run("clean", str(x), str(y), str(other), "-o", str(out))
    assert r.returncode == 1
    err = one_line_error(r, str(x), str(y))
    assert str(out / "a.txt") in err
    assert not (out / "a.txt").exists()
    assert (out / "c.txt").read_text(encoding="utf-8") == TIDY


def test_a_folder_and_a_file_inside_it_keep_both_outputs(tmp_path):
    write(tmp_path / "in" / "a.txt")
    inner = write(tmp_path / "in" / "sub" / "b.txt")
    out = tmp_path / "out"
    r = run("clean", str(tmp_path / "in"), str(inner), str(tmp_path / "in" / "a.txt"), "-o", str(out))
    assert r.returncode == 0, r.stderr
    for rel in ("a.txt", "sub/b.txt", "b.txt"):
        assert (out / rel).read_text(encoding="utf-8") == TIDY, rel


# -- standard streams ----------------------------------------------------------------------------
def test_full_disk_on_stdout_is_an_error(tmp_path):
    src = write(tmp_path / "a.txt", DIRTY * 1000)
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "cnpolicytext", "clean", str(src)], stdout=full,
                           stderr=subprocess.PIPE, env=env(), timeout=120)
    assert r.returncode == 1
    one_line_error(r, "standard output", "No space left")


def test_closed_stdout_and_closed_stdin_are_one_line_errors(tmp_path):
    src = write(tmp_path / "a.txt")
    r = shell('"$PY" -m cnpolicytext clean "$1" >&-', str(src))
    assert r.returncode == 1
    one_line_error(r, "standard output", "closed")
    r = shell('"$PY" -m cnpolicytext clean - <&-')
    assert r.returncode == 1
    one_line_error(r, "stdin", "closed")
    r = shell('"$PY" -m cnpolicytext clean --jsonl - <&-')
    assert r.returncode == 1
    one_line_error(r, "stdin", "closed")


def test_closed_stdout_does_not_matter_when_writing_files(tmp_path):
    src = write(tmp_path / "a.txt")
    r = shell('"$PY" -m cnpolicytext clean "$1" -o "$2" >&-', str(src), str(tmp_path / "out.txt"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == TIDY


# -- folders and names ---------------------------------------------------------------------------
#: A driver setup under which a folder called ``locked`` cannot be read (as root, chmod 000 hides nothing).
LOCKED = ("import os\n_scandir = os.scandir\n"
          "def scandir(p='.'):\n"
          "    if str(p).endswith('locked'):\n"
          "        raise PermissionError(13, 'Permission denied', str(p))\n"
          "    return _scandir(p)\n"
          "os.scandir = scandir\n")


def test_an_unreadable_subfolder_is_reported(tmp_path):
    # As root, chmod 000 hides nothing: the driver makes scandir fail on that folder instead.
    write(tmp_path / "in" / "a.txt")
    write(tmp_path / "in" / "locked" / "b.txt")
    r = run_patched(LOCKED, "clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert r.returncode == 1
    one_line_error(r, "locked", "cannot read folder", "Permission denied")
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == TIDY


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_subfolder_is_reported_for_real(tmp_path):  # pragma: no cover - not as root
    write(tmp_path / "in" / "a.txt")
    locked = tmp_path / "in" / "locked"
    write(locked / "b.txt")
    locked.chmod(0)
    try:
        r = run("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    finally:
        locked.chmod(0o755)
    assert r.returncode == 1
    one_line_error(r, "locked", "cannot read folder")


def test_a_name_too_long_is_one_line_and_the_others_are_cleaned(tmp_path):
    good = write(tmp_path / "good.txt")
    long = tmp_path / ("长" * 100 + ".txt")  # 300 bytes: longer than any file system allows
    r = run("clean", str(long), str(good), "-o", str(tmp_path / "out"))
    assert r.returncode == 1
    one_line_error(r, "长长长", "too long")
    assert (tmp_path / "out" / "good.txt").read_text(encoding="utf-8") == TIDY


def test_jsonl_output_into_a_folder_is_a_usage_error(tmp_path):
    src = write(tmp_path / "r.jsonl", json.dumps({"text": DIRTY}) + "\n")
    (tmp_path / "out").mkdir()
    r = run("clean", "--jsonl", str(src), "-o", str(tmp_path / "out"))
    assert r.returncode == 2
    one_line_error(r, "folder")


# -- encodings of streamed files -------------------------------------------------------------------
def test_wrong_or_unusable_encodings_on_streamed_files(tmp_path):
    odd = tmp_path / "odd.txt"
    odd.write_bytes(("精神,结合发展\n" * 200).encode("utf-8") + b"x")  # odd length: never UTF-16
    good = tmp_path / "good.txt"
    good.write_bytes(("精神,结合\n" * 300).encode("utf-16"))
    out = tmp_path / "out"
    r = run("clean", "--window", "100", "--encoding", "utf-16", str(odd), str(good), "-o", str(out))
    assert r.returncode == 1
    one_line_error(r, "odd.txt", "utf-16")
    assert (out / "good.txt").read_text(encoding="utf-8") == clean("精神,结合\n" * 300) + "\n"
    r = run("clean", "--window", "100", "--encoding", "rot13", str(good))
    assert r.returncode == 2
    one_line_error(r, "rot13", "not a text encoding")


# -- links and modes ----------------------------------------------------------------------------------
def test_in_place_never_rewrites_a_link_nor_what_it_points_to(tmp_path):
    tree = tmp_path / "tree"
    a = write(tree / "a.txt")
    outside = write(tmp_path / "outside.txt")
    link = tree / "link.txt"
    link.symlink_to(outside)
    (tree / "dirlink").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    write(tmp_path / "elsewhere" / "c.txt")
    r = run("clean", "--in-place", str(tree))
    assert r.returncode == 1
    one_line_error(r, "link.txt", "symbolic link")
    assert a.read_text(encoding="utf-8") == TIDY
    assert link.is_symlink() and outside.read_text(encoding="utf-8") == DIRTY
    assert (tmp_path / "elsewhere" / "c.txt").read_text(encoding="utf-8") == DIRTY  # not followed
    r = run("clean", "--in-place", str(link))
    assert r.returncode == 1 and link.is_symlink() and outside.read_text(encoding="utf-8") == DIRTY


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_new_files_follow_the_umask(tmp_path, umask, mode):
    src = write(tmp_path / "a.txt", DIRTY * 2000)
    r = shell(f'umask {umask:03o}; "$PY" -m cnpolicytext clean "$1" -o "$2" && '
              f'"$PY" -m cnpolicytext clean --window 100 "$1" -o "$3" && '
              f'"$PY" -m cnpolicytext clean --jsonl "$4" -o "$5"',
              str(src), str(tmp_path / "out.txt"), str(tmp_path / "streamed.txt"),
              str(write(tmp_path / "r.jsonl", '{"text": "x"}\n')), str(tmp_path / "out.jsonl"))
    assert r.returncode == 0, r.stderr
    for name in ("out.txt", "streamed.txt", "out.jsonl"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode, name
    (tmp_path / "out.txt").chmod(0o600)  # a file that exists keeps its mode
    r = run("clean", str(src), "-o", str(tmp_path / "out.txt"))
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == 0o600


# -- JSON Lines, record by record -------------------------------------------------------------------
def test_jsonl_bad_bytes_and_lone_surrogates_cost_only_their_record(tmp_path):
    src = tmp_path / "r.jsonl"
    first = json.dumps({"id": 1, "text": DIRTY}, ensure_ascii=False).encode("utf-8")
    bad = b'{"id": 2, "text": "\xff\xfe"}'
    lone = b'{"id": 3, "text": "a\\ud800b"}'
    pair = b'{"id": 4, "text": "\\ud83d\\ude00,x"}'
    last = json.dumps({"id": 5, "text": DIRTY}, ensure_ascii=False).encode("utf-8")
    src.write_bytes(b"\n".join([first, bad, lone, pair, last]) + b"\n")
    for jobs in ("1", "2"):
        r = run("clean", "--jsonl", "-j", jobs, str(src))
        assert r.returncode == 1
        err = one_line_error(r, "r.jsonl:2:", "not valid utf-8", f"byte {len(first) + 1 + 19}")
        one_line_error(r, "r.jsonl:3:", "surrogate")
        out = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]
        assert [o["id"] for o in out] == [1, 4, 5], err
        assert out[0]["text"] == clean(DIRTY) and out[1]["text"] == clean("\U0001F600,x")


def test_an_exception_while_cleaning_costs_only_that_file_or_record(tmp_path):
    setup = ("from cnpolicytext.pipeline import Pipeline\n"
             "_run, _clean = Pipeline.run, Pipeline.clean\n"
             "def boom(text):\n"
             "    if 'BOOM' in text:\n"
             "        raise RuntimeError('a step broke')\n"
             "Pipeline.run = lambda self, text: boom(text) or _run(self, text)\n"
             "Pipeline.clean = lambda self, text: boom(text) or _clean(self, text)\n")
    write(tmp_path / "in" / "a.txt")
    write(tmp_path / "in" / "b.txt", "BOOM,x")
    write(tmp_path / "in" / "c.txt")
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        r = run_patched(setup, "clean", "-j", jobs, str(tmp_path / "in"), "-o", str(out))
        assert r.returncode == 1
        one_line_error(r, "b.txt", "RuntimeError", "a step broke")
        assert sorted(p.name for p in out.iterdir()) == ["a.txt", "c.txt"]
    records = tmp_path / "r.jsonl"
    write(records, "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate([DIRTY, "BOOM", DIRTY])))
    r = run_patched(setup, "clean", "--jsonl", "-j", "2", str(records))
    assert r.returncode == 1
    one_line_error(r, "r.jsonl:2:", "a step broke")
    assert [json.loads(x)["id"] for x in r.stdout.decode().splitlines()] == [0, 2]


def test_a_killed_worker_costs_only_its_file(tmp_path):
    setup = ("import os, signal\nimport cnpolicytext.cli as cli\n_read_file = cli.read_file\n"
             "def read_file(path, encoding=None):\n"
             "    if 'die' in os.path.basename(path):\n"
             "        os.kill(os.getpid(), signal.SIGKILL)\n"
             "    return _read_file(path, encoding)\n"
             "cli.read_file = read_file\n")
    names = ["a.txt", "b.txt", "die.txt", "d.txt", "e.txt", "f.txt"]
    for name in names:
        write(tmp_path / "in" / name)
    out = tmp_path / "out"
    r = run_patched(setup, "clean", "-j", "2", str(tmp_path / "in"), "-o", str(out))
    assert r.returncode == 1
    err = one_line_error(r, "die.txt", "died")
    assert sum("error" in ln for ln in err.splitlines()) == 1, err
    assert sorted(p.name for p in out.iterdir()) == sorted(set(names) - {"die.txt"})


# -- encodings (issue 15; issue 12 item 6) ------------------------------------------------------------
LINE = "为推动区域科技协同发展，现就有关事项说明如下。\n"
_WORDS = "推动区域科技协同发展有关事项说明如下规划市局重点任务"


def lines(n: int) -> str:
    """``n`` different sentences (a repeated line could be taken for a running header)."""
    return "".join(_WORDS[i % 23:] + _WORDS[:i % 23] + f"，其{'甲乙丙丁戊'[i % 5]}{i // 5 % 10}{i // 50}。\n"
                   for i in range(n))


def test_a_streamed_file_with_no_line_feed_in_its_head(tmp_path):
    # > 12 MB: streamed with the default window; the first line feed comes after 72 KB.
    head = "规划" * 12000 + "\n"
    src = tmp_path / "big.txt"
    src.write_bytes((head + LINE * (13_000_000 // len(LINE.encode()))).encode("utf-8"))
    r = run("clean", str(src), "-o", str(tmp_path / "out.txt"))
    assert r.returncode == 0, r.stderr
    out = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert out.startswith(head) and out.endswith(LINE)


def test_ascii_head_then_gb18030_streams_as_it_reads_in_memory(tmp_path):
    src = tmp_path / "doc.txt"
    src.write_bytes("".join(f"Section {i} notes\n" for i in range(5000)).encode() + lines(400).encode("gb18030"))
    streamed = run("clean", "--window", "2000", str(src))
    whole = run("clean", "--window", "2000", "--stats", str(src))  # --stats reads it whole
    assert streamed.returncode == whole.returncode == 0, streamed.stderr
    assert streamed.stdout == whole.stdout and lines(400).encode("utf-8")[-100:] in streamed.stdout


def test_utf16_without_bom_on_the_command_line(tmp_path):
    src = tmp_path / "doc.txt"
    src.write_bytes(("一、总体要求\n" + LINE).encode("utf-16-le"))
    r = run("clean", "-v", str(src))
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("utf-8") == clean("一、总体要求\n" + LINE) + "\n"
    assert "utf-16-le" in r.stderr.decode()


@pytest.mark.parametrize("window", [None, "20"])
def test_a_cut_last_character_is_dropped_with_a_warning(tmp_path, window):
    src = tmp_path / "cut.txt"
    data = (lines(3) + "规划").encode("gbk")
    src.write_bytes(data[:-1])
    r = run("clean", "-v", *(["--window", window] if window else []), str(src))
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("utf-8") == clean(lines(3) + "规") + "\n"
    err = r.stderr.decode()
    assert "warning" in err and f"from byte {len(data) - 2}" in err and "Traceback" not in err
    if window is None:
        explained = run("clean", "--explain", str(src)).stdout.decode("utf-8")
        assert "warning: the file ends inside a character" in explained
    quiet = run("clean", *(["--window", window] if window else []), str(src))
    assert quiet.stdout == r.stdout and "warning" not in quiet.stderr.decode()


def test_an_undecodable_byte_in_the_middle_names_its_offset(tmp_path):
    src = tmp_path / "bad.txt"
    head = (LINE * 3).encode("gbk")
    src.write_bytes(head + b"\xff\xff" + LINE.encode("gbk"))
    r = run("clean", str(src))
    assert r.returncode == 1
    one_line_error(r, "bad.txt", f"GB18030 at byte {len(head)}")


def test_closed_stderr_never_sends_messages_to_stdout(tmp_path):
    src = write(tmp_path / "a.txt")
    r = shell('"$PY" -m cnpolicytext clean --stats "$1" "$2" 2>&-', str(src), str(tmp_path / "missing.txt"))
    assert r.returncode == 1
    assert r.stdout.decode("utf-8") == TIDY
