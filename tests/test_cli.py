"""End-to-end tests of ``python -m cnpolicytext`` through a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cnpolicytext import clean

from .conftest import ROOT, corpus_files

SAMPLE = "截止 2009 年底,我市科技人员数 远远低于平均水平。\n\n  二○一○年四月二十九日  \n"
CLEAN = clean(SAMPLE) + "\n"


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "cnpolicytext", *args], input=stdin, capture_output=True,
                          cwd=cwd, env=env, timeout=120)


def test_stdin_to_stdout():
    r = run("clean", "-", stdin=SAMPLE.encode("utf-8"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("utf-8") == CLEAN == "截止2009年底，我市科技人员数远远低于平均水平。\n2010年4月29日\n"


def test_file_and_output_file(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "out.txt"
    r = run("clean", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8") == CLEAN
    assert src.read_text(encoding="utf-8") == SAMPLE  # input untouched


def test_folder_mirrors_tree(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.txt").write_text("精神,结合", encoding="utf-8")
    (tmp_path / "in" / "c.md").write_text("# 标题\n\n精神,结合", encoding="utf-8")
    (tmp_path / "in" / "skip.html").write_text("<p>不是文本</p>", encoding="utf-8")
    r = run("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "out" / "sub" / "b.txt").read_text(encoding="utf-8") == "精神，结合\n"
    assert (tmp_path / "out" / "c.md").read_text(encoding="utf-8") == clean("# 标题\n\n精神,结合") + "\n"
    assert not (tmp_path / "out" / "skip.html").exists()


def test_glob_chooses_the_files_of_a_folder(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text("精神,结合", encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.htm").write_text("精神,结合", encoding="utf-8")
    (tmp_path / "in" / "c.md").write_text("精神,结合", encoding="utf-8")
    r = run("clean", str(tmp_path / "in"), "--glob", "*.htm", "-o", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*")
                  if p.is_file()) == ["sub/b.htm"]
    r = run("clean", str(tmp_path / "in"), "--glob", "*.htm", "--glob", "*.md", "-o", str(tmp_path / "out2"))
    assert sorted(p.name for p in (tmp_path / "out2").rglob("*") if p.is_file()) == ["b.htm", "c.md"]
    r = run("clean", str(tmp_path / "in"), "--glob", "*.xml")
    assert r.returncode == 1 and "*.xml" in r.stderr.decode()


def test_in_place_is_atomic_and_leaves_no_temp_files(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    r = run("clean", "--in-place", str(src))
    assert r.returncode == 0, r.stderr
    assert src.read_text(encoding="utf-8") == CLEAN
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_refuses_to_write_over_its_input(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    r = run("clean", str(src), "-o", str(src))
    assert r.returncode == 1
    assert "refusing" in r.stderr.decode() and "Traceback" not in r.stderr.decode()
    assert src.read_text(encoding="utf-8") == SAMPLE


def test_check_lists_files_that_would_change(tmp_path):
    dirty, tidy = tmp_path / "dirty.txt", tmp_path / "tidy.txt"
    dirty.write_text(SAMPLE, encoding="utf-8")
    tidy.write_text(CLEAN, encoding="utf-8")
    r = run("clean", "--check", str(tidy))
    assert r.returncode == 0 and r.stdout == b""
    r = run("clean", "--check", str(dirty), str(tidy))
    assert r.returncode == 1
    assert r.stdout.decode().strip() == f"would clean {dirty}"
    assert dirty.read_text(encoding="utf-8") == SAMPLE


def test_explain_lists_each_edit_with_position():
    r = run("clean", "--explain", "-", stdin="精神,结合 发展".encode("utf-8"))
    out = r.stdout.decode("utf-8")
    assert r.returncode == 0
    assert "1:3\t',' -> '，'\tpunctuation.fullwidth" in out
    assert "whitespace.stray" in out and "encoding utf-8" in out


def test_diff():
    r = run("clean", "--diff", "-", stdin="精神,结合\n".encode("utf-8"))
    out = r.stdout.decode("utf-8")
    assert "-精神,结合" in out and "+精神，结合" in out


def test_skip_and_only_and_bad_name():
    r = run("clean", "--skip", "punctuation", "-", stdin="精神,结合".encode("utf-8"))
    assert r.stdout.decode() == "精神,结合\n"
    r = run("clean", "--only", "punctuation", "-", stdin="精 神,结合".encode("utf-8"))
    assert r.stdout.decode() == "精 神，结合\n"
    r = run("clean", "--skip", "nosuch", "-", stdin=b"x")
    assert r.returncode == 2 and "nosuch" in r.stderr.decode() and b"Traceback" not in r.stderr


def test_list_shows_every_normalizer():
    r = run("list")
    out = r.stdout.decode()
    for name in ("unicode", "script", "paragraphs", "boilerplate", "pagebreak", "punctuation", "whitespace",
                 "numbering", "numerals"):
        assert name in out


def test_bad_inputs_get_one_line_errors_and_the_rest_is_processed(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("精神,结合", encoding="utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02abc")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes([0xFF, 0xFF, 0xFF, 0xFF, 0x81]))
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = run("clean", str(binary), str(bad), str(tmp_path / "missing.txt"), str(empty_dir), str(good), str(empty),
            "-o", str(tmp_path / "out"))
    err = r.stderr.decode()
    assert r.returncode == 1
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln]
    assert any("bin.txt" in ln and "binary" in ln for ln in lines)
    assert any("bad.txt" in ln and "undecodable" in ln for ln in lines)
    assert any("missing.txt" in ln for ln in lines)
    assert any("nothing" in ln and ".txt" in ln for ln in lines)
    assert (tmp_path / "out" / "good.txt").read_text(encoding="utf-8") == "精神，结合\n"
    assert (tmp_path / "out" / "empty.txt").read_bytes() == b""


def test_usage_error_exit_code():
    r = run("clean")
    assert r.returncode == 2
    r = run("clean", "--explain", "--diff", "-", stdin=b"x")
    assert r.returncode == 2


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "big5", "utf-16", "utf-8-sig"])
def test_legacy_encodings_are_detected(tmp_path, encoding):
    text = "為推動區域科技協同發展,現就有關事項說明如下。" if encoding == "big5" else \
        "为推动区域科技协同发展,现就有关事项说明如下。"
    src = tmp_path / "doc.txt"
    src.write_bytes(text.encode(encoding))
    r = run("clean", "-v", str(src))
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("utf-8") == clean(text) + "\n"
    assert "encoding" in r.stderr.decode()


def test_corpus_documents_in_every_encoding_they_fit(tmp_path):
    files = corpus_files()
    if not files:
        pytest.skip("no shared corpus")
    for path in files:
        text = path.read_text(encoding="utf-8")
        expected = clean(text) + "\n"
        for encoding in ("gb18030", "gbk", "big5", "big5hkscs", "utf-16", "utf-8-sig"):
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            src = tmp_path / f"{path.stem}.{encoding}.txt"
            src.write_bytes(data)
            r = run("clean", str(src))
            assert r.returncode == 0, (path.name, encoding, r.stderr)
            assert r.stdout.decode("utf-8") == expected, (path.name, encoding)


def test_explain_json_like_metadata():
    r = run("clean", "--explain", "-", stdin="发布时间：2020年1月2日 来源：市政府\n正文内容。".encode("utf-8"))
    out = r.stdout.decode("utf-8")
    meta = json.loads(out.split("metadata: ", 1)[1])
    assert meta == {"发布时间": "2020年1月2日", "来源": "市政府"}


def test_protect_and_boilerplate_files(tmp_path):
    protect = tmp_path / "protect.txt"
    protect.write_text("# ours\n十五个重点\n", encoding="utf-8")
    patterns = tmp_path / "site.tsv"
    patterns.write_text("site_name\t^示范市政府门户网站$\n", encoding="utf-8")
    text = "示范市政府门户网站\n实施十五个重点项目和十五个一般项目。"
    r = run("clean", "--counts", "--protect", str(protect), "--boilerplate", str(patterns), "-",
            stdin=text.encode("utf-8"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("utf-8") == "实施十五个重点项目和15个一般项目。\n"
    bad = tmp_path / "bad.tsv"
    bad.write_text("broken\t([\n", encoding="utf-8")
    r = run("clean", "--boilerplate", str(bad), "-", stdin=b"x")
    assert r.returncode == 2 and b"Traceback" not in r.stderr


def test_unwritable_output_is_a_one_line_error(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    r = run("clean", str(src), "-o", str(blocker / "sub" / "out.txt"))
    assert r.returncode == 1
    assert "cannot write" in r.stderr.decode() and b"Traceback" not in r.stderr


def test_the_bundled_example(tmp_path):
    r = run("clean", str(ROOT / "examples" / "notice_noisy.txt"))
    assert r.returncode == 0
    lines = r.stdout.decode("utf-8").splitlines()
    assert lines[0] == "示范市关于加快推进科技创新工作的通知"  # breadcrumb, metadata, repeated title gone
    assert "一、总体要求" in lines and "二、重点任务" in lines
    assert "（2011—2015年）" in r.stdout.decode("utf-8") and lines[-1] == "2011年3月2日"
    r = run("clean", "--jsonl", str(ROOT / "examples" / "records.jsonl"))
    assert r.returncode == 0 and len(r.stdout.decode("utf-8").splitlines()) == 3


def test_progress_bar_only_when_asked_and_for_several_files(capsys, monkeypatch):
    import importlib.util

    from cnpolicytext.cli import Progress

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "tqdm" else real(name, *a))
    bar = Progress(3, enabled=True)
    for name in ("a.txt", "b.txt", "c.txt"):
        bar.step(name)
        bar.message(f"note on {name}")
    bar.close()
    bar.close()
    err = capsys.readouterr().err
    assert "[3/3] c.txt" in err and err.endswith("\n") and not err.endswith("\n\n")
    assert "\r\033[Knote on c.txt\n" in err  # a message clears the bar's line first
    quiet = Progress(3, enabled=False)
    quiet.step("a.txt")
    quiet.close()
    single = Progress(1, enabled=True)
    single.step("a.txt")
    assert capsys.readouterr().err == ""
