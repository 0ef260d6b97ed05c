"""Corpus-wide options of ``clean`` (issue 11): learned templates, saved and reused; metadata files."""

from __future__ import annotations

import json

import pytest

from cnpolicytext import clean
from cnpolicytext.normalizers import boilerplate

from .test_cli import run
from .test_cli_reliability import one_line_error, run_patched, write

TEMPLATE = "示范站每周推荐栏目"  # no default rule removes it: only a learned one can
BODIES = [f"第{n}号文件的正文，现就有关事项说明如下。" for n in "一二三四五六"]

# A stand-in for boilerplate.learn with the interface the CLI codes against: it records what
# it was given, so that the test sees the first pass, and "learns" the template line.
FAKE = f"""
import json, os, regex
import cnpolicytext.normalizers.boilerplate as b
def learn(texts, *, min_docs=3, min_share=0.5):
    texts = list(texts)
    with open(os.environ["SEEN"], "w", encoding="utf-8") as f:
        json.dump(texts, f, ensure_ascii=False)
    return [("learned.template", "^" + regex.escape({TEMPLATE!r}) + "$")]
def save_patterns(patterns, path):
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(f"{{rule}}\\t{{pattern}}\\n" for rule, pattern in patterns)
b.learn, b.save_patterns = learn, save_patterns
"""


def pages(tmp_path):
    folder = tmp_path / "site"
    for i, body in enumerate(BODIES):
        write(folder / f"p{i}.txt", f"{body}\n{TEMPLATE}\n")
    return folder


def run_fake(tmp_path, *args):
    import os

    os.environ["SEEN"] = str(tmp_path / "seen.json")
    try:
        return run_patched(FAKE, *args)
    finally:
        del os.environ["SEEN"]


def test_learn_boilerplate_reads_the_corpus_twice_and_removes_the_template(tmp_path):
    folder = pages(tmp_path)
    saved = tmp_path / "site.tsv"
    r = run_fake(tmp_path, "clean", "--learn-boilerplate", "--save-boilerplate", str(saved), str(folder),
                 "-o", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    seen = json.loads((tmp_path / "seen.json").read_text(encoding="utf-8"))
    assert sorted(seen) == sorted(f"{b}\n{TEMPLATE}\n" for b in BODIES)  # first pass: every document
    for i, body in enumerate(BODIES):
        assert (tmp_path / "out" / f"p{i}.txt").read_text(encoding="utf-8") == clean(body) + "\n"
    assert saved.read_text(encoding="utf-8").startswith("learned.template\t")
    r = run("clean", str(folder / "p0.txt"))  # without the learned set, the line stays
    assert TEMPLATE in r.stdout.decode("utf-8")
    # The saved set, reused without learning, removes the template too.
    r = run("clean", "--boilerplate", str(saved), str(folder / "p0.txt"))
    assert r.returncode == 0 and r.stdout.decode("utf-8") == clean(BODIES[0]) + "\n"


def test_learn_boilerplate_on_json_lines(tmp_path):
    src = write(tmp_path / "r.jsonl", "".join(json.dumps({"text": f"{b}\n{TEMPLATE}"}, ensure_ascii=False) + "\n"
                                              for b in BODIES))
    r = run_fake(tmp_path, "clean", "--jsonl", "--learn-boilerplate", str(src))
    assert r.returncode == 0, r.stderr
    assert [json.loads(x)["text"] for x in r.stdout.decode("utf-8").splitlines()] == [clean(b) for b in BODIES]
    assert len(json.loads((tmp_path / "seen.json").read_text(encoding="utf-8"))) == len(BODIES)


def test_learn_boilerplate_refuses_stdin_and_save_needs_learn(tmp_path):
    r = run("clean", "--learn-boilerplate", "-", stdin=b"x")
    assert r.returncode == 2
    one_line_error(r, "twice")
    r = run("clean", "--save-boilerplate", str(tmp_path / "x.tsv"), str(pages(tmp_path)))
    assert r.returncode == 2
    one_line_error(r, "--learn-boilerplate")


def test_learn_boilerplate_without_the_learner_is_a_clear_error(tmp_path):
    r = run_patched("import cnpolicytext.normalizers.boilerplate as b\nb.__dict__.pop('learn', None)\n",
                    "clean", "--learn-boilerplate", str(pages(tmp_path)))
    assert r.returncode == 2
    one_line_error(r, "boilerplate.learn")


@pytest.mark.skipif(not hasattr(boilerplate, "learn"), reason="boilerplate.learn not merged yet (helper chrome)")
def test_learn_boilerplate_with_the_real_learner(tmp_path):  # pragma: no cover - until it lands
    folder = tmp_path / "site"
    for i in range(50):
        write(folder / f"p{i}.txt", f"{TEMPLATE}\n第{i}号文件的正文，现就有关事项说明如下，请遵照执行。\n{TEMPLATE}\n")
    r = run("clean", "--learn-boilerplate", str(folder), "-o", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    for i in range(50):
        assert TEMPLATE not in (tmp_path / "out" / f"p{i}.txt").read_text(encoding="utf-8")


def test_metadata_file_has_one_record_per_input_file(tmp_path):
    folder = tmp_path / "in"
    write(folder / "a.txt", "发布时间：2020年1月2日 来源：示范市政府\n正文内容，现予公布。")
    write(folder / "b.txt", "正文内容，现予公布。")
    meta = tmp_path / "meta.jsonl"
    r = run("clean", "--metadata", str(meta), str(folder), "-o", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    records = [json.loads(x) for x in meta.read_text(encoding="utf-8").splitlines()]
    assert records == [{"path": str(folder / "a.txt"), "metadata": {"发布时间": "2020年1月2日", "来源": "示范市政府"}},
                       {"path": str(folder / "b.txt"), "metadata": {}}]
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "正文内容，现予公布。\n"
    r = run("clean", "--jsonl", "--metadata", str(meta), str(write(tmp_path / "r.jsonl", '{"text": "x"}\n')))
    assert r.returncode == 2
