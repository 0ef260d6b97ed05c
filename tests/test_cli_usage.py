"""The command line as users of black, ftfy and datatrove expect it (issue 14, items 1-11)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cnpolicytext import clean

from .test_cli import run
from .test_cli_reliability import env, one_line_error, run_patched, shell, write

DIRTY = "精神,结合 发展"


# 1. --jsonl keeps a record's own metadata and edits
def test_jsonl_merges_metadata_and_keeps_edits(tmp_path):
    record = {"text": "发布时间：2021年3月2日\n正文内容，现予公布。", "id": "d1",
              "metadata": {"url": "http://example.invalid/1", "来源": "别处"},
              "edits": ["a field of the user's own"]}
    other = {"text": "来源：示范市科技局\n正文。", "metadata": "not a mapping"}
    src = write(tmp_path / "r.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (record, other)))
    r = run("clean", "--jsonl", "--with-edits", str(src))
    assert r.returncode == 0, r.stderr
    first, second = [json.loads(x) for x in r.stdout.decode("utf-8").splitlines()]
    assert first["metadata"] == {"url": "http://example.invalid/1", "来源": "别处", "发布时间": "2021年3月2日"}
    assert first["edits"] == ["a field of the user's own"]
    assert first["cnpolicytext_edits"] and all("rule" in e for e in first["cnpolicytext_edits"])
    assert second["metadata"] == "not a mapping" and second["cnpolicytext_metadata"] == {"来源": "示范市科技局"}


def test_a_conflicting_metadata_value_is_kept_under_our_key():
    from cnpolicytext.parallel import merge_metadata

    record = {"metadata": {"来源": "别处"}}
    merge_metadata(record, {"来源": "示范市科技局"})
    assert record["metadata"] == {"来源": "别处", "cnpolicytext.来源": "示范市科技局"}


# 2. the final line feed is no edit
def test_a_clean_file_with_its_final_newline_has_no_edit(tmp_path):
    files = [write(tmp_path / f"{n}.txt", "精神，结合。\n") for n in "abcd"]
    r = run("clean", "--stats-json", "-v", *map(str, files))
    assert r.returncode == 0
    err = r.stderr.decode()
    stats = json.loads(err.strip().splitlines()[-1])
    assert stats["changed"] == 0 and stats["rules"] == {}
    assert err.count("0 edits") == 4
    r = run("clean", "--explain", str(files[0]))
    assert "0 edits" in r.stdout.decode() and "\\n" not in r.stdout.decode()
    r = run("clean", "--explain", "-", stdin="精神，结合。\n\n\n".encode())  # extra blank lines are edits
    assert "0 edits" not in r.stdout.decode()


# 3. | head stops quietly
def test_a_closed_pipe_stops_quietly(tmp_path):
    for i in range(30):
        write(tmp_path / "in" / f"{i:02d}.txt", (DIRTY + "\n") * 2000)
    r = shell('"$PY" -m cnpolicytext clean -j 1 "$1" | head -1', str(tmp_path / "in"))
    assert r.stdout.decode("utf-8").strip() == clean(DIRTY)
    assert r.stderr == b"", r.stderr


# 4. standard output is UTF-8 whatever the locale
@pytest.mark.parametrize("locale_env", [{"PYTHONIOENCODING": "latin-1"}, {"PYTHONIOENCODING": "gbk"},
                                        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}])
def test_stdout_is_utf8_whatever_the_locale(locale_env):
    r = subprocess.run([sys.executable, "-m", "cnpolicytext", "clean", "-"], input=DIRTY.encode("utf-8"),
                       capture_output=True, env={**env(), **locale_env}, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout == (clean(DIRTY) + "\n").encode("utf-8")


# 5. --check --diff prints the diff too
def test_check_with_diff_prints_both(tmp_path):
    src = write(tmp_path / "a.txt", DIRTY + "\n")
    r = run("clean", "--check", "--diff", str(src))
    out = r.stdout.decode("utf-8")
    assert r.returncode == 1
    assert f"-{DIRTY}" in out and f"+{clean(DIRTY)}" in out and f"would clean {src}" in out
    assert src.read_text(encoding="utf-8") == DIRTY + "\n"


# 6. bench --plot without matplotlib
def test_bench_plot_without_matplotlib_is_a_usage_error(tmp_path):
    hide = ("import importlib.util\n_find = importlib.util.find_spec\n"
            "importlib.util.find_spec = lambda name, *a: None if name == 'matplotlib' else _find(name, *a)\n")
    r = run_patched(hide, "bench", "--sizes", "0.01", "--plot", str(tmp_path / "p.png"))
    assert r.returncode == 2
    one_line_error(r, "matplotlib")
    assert not (tmp_path / "p.png").exists()


# 7. a bad --boilerplate pattern is named by file, line and rule
def test_bad_boilerplate_pattern_names_file_line_and_rule(tmp_path):
    patterns = write(tmp_path / "site.tsv", "# site patterns\nsite.name\t^示范站$\nsite.menu\t(首页|[\n")
    r = run("clean", "--boilerplate", str(patterns), "-", stdin=b"x")
    assert r.returncode == 2
    one_line_error(r, f"{patterns}:3:", "site.menu")
    no_tab = write(tmp_path / "bad.tsv", "just-a-word\n")
    r = run("clean", "--boilerplate", str(no_tab), "-", stdin=b"x")
    assert r.returncode == 2
    one_line_error(r, str(no_tab))


# 8. numbers and encodings checked by the parser
@pytest.mark.parametrize("args", [["-j", "0"], ["-j", "-3"], ["--window", "0"], ["-j", "x"],
                                  ["--encoding", "bogus"], ["--encoding", "rot13"]])
def test_bad_numbers_and_encodings_are_usage_errors(args):
    r = run("clean", *args, "-", stdin=b"x")
    assert r.returncode == 2 and b"Traceback" not in r.stderr and r.stdout == b""


# 9. --only and --skip that would silently run nothing
def test_only_and_skip_that_select_nothing_are_errors():
    r = run("clean", "--skip", "punctuation", "--only", "punctuation", "-", stdin=b"x")
    assert r.returncode == 2
    one_line_error(r, "--skip and --only", "punctuation")
    register = ("from cnpolicytext import Normalizer, register\n"
                "@register\nclass Mine(Normalizer):\n    name = 'mine'\n    summary = 'a user step'\n"
                "    def run(self, text, ctx):\n        return text\n")
    r = run_patched(register, "clean", "--only", "mine", "-", stdin=b"x")
    assert r.returncode == 2, r.stderr
    one_line_error(r, "--only mine", "default pipeline")


# 11. did you mean, colour, progress through tqdm
def test_a_misspelt_name_gets_a_suggestion():
    r = run("clean", "--skip", "punctuaton", "-", stdin=b"x")
    assert r.returncode == 2
    one_line_error(r, "punctuaton", "did you mean 'punctuation'")


def test_diff_colour():
    stdin = (DIRTY + "\n").encode()
    plain = run("clean", "--diff", "-", stdin=stdin).stdout.decode()
    coloured = run("clean", "--diff", "--color", "always", "-", stdin=stdin).stdout.decode()
    assert "\033[" not in plain  # auto: not a terminal
    assert f"\033[31m-{DIRTY}\033[0m" in coloured and f"\033[32m+{clean(DIRTY)}\033[0m" in coloured
    assert "\033[" not in run("clean", "--diff", "--color", "never", "-", stdin=stdin).stdout.decode()


def test_progress_goes_through_tqdm_when_installed(tmp_path):
    # A stand-in tqdm module records how it was used; the CLI thinks stderr is a terminal.
    fake = tmp_path / "fake"
    write(fake / "tqdm" / "__init__.py",
          "import sys\nclass tqdm:\n"
          "    def __init__(self, total, **kw): self.total = total; print('bar', total, file=sys.stderr)\n"
          "    def update(self, n): print('update', n, file=sys.stderr)\n"
          "    def set_postfix_str(self, s, refresh=True): pass\n"
          "    def write(self, s, file=None): print('via-tqdm', s, file=sys.stderr)\n"
          "    def close(self): print('closed', file=sys.stderr)\n")
    for name in ("a.txt", "b.txt"):
        write(tmp_path / "in" / name)
    write(tmp_path / "in" / "bad.txt", "")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00\x01\x02")
    setup = f"import sys\nsys.path.insert(0, {str(fake)!r})\nsys.stderr.isatty = lambda: True\n"
    r = run_patched(setup, "clean", "-j", "1", "-v", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    err = r.stderr.decode("utf-8")
    assert r.returncode == 1
    assert "bar 3" in err and err.count("update 1") == 3 and "closed" in err
    assert "via-tqdm cnpolicytext: error:" in err and "via-tqdm" in err.split("binary")[0]
    assert all(line.startswith(("bar", "update", "via-tqdm", "closed")) for line in err.splitlines()), err


def test_shell_completion():
    pytest.importorskip("shtab")
    r = run("completion", "bash")
    assert r.returncode == 0, r.stderr
    script = r.stdout.decode()
    assert "--learn-boilerplate" in script and "--in-place" in script and "outline" in script
    r = run_patched("import importlib.util\n_find = importlib.util.find_spec\n"
                    "importlib.util.find_spec = lambda name, *a: None if name == 'shtab' else _find(name, *a)\n",
                    "completion", "zsh")
    assert r.returncode == 2
    one_line_error(r, "shtab")
