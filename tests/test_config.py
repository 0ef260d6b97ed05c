"""Pipeline configurations as TOML, plugins, and the command line that reads them (issue 14:
"Configuration"): ``--config FILE``, ``--set``, ``--print-config``, ``--plugin``, the entry-point
group, ``list`` with typed options; and the inputs ``audit`` shares with ``clean``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnpolicytext import Pipeline, clean
from cnpolicytext.cli import _pipeline, build_parser
from cnpolicytext.config import ConfigError, assign, dumps, loads, parse_value

from .conftest import ROOT
from .test_cli_reliability import LOCKED, one_line_error, run_patched

NOTICE = "国务院关于发展经济的通知\n二○一○年四月二十九日,各部门 认真执行。\n"


def run(*args: str, stdin: bytes | None = None, path: Path | None = None) -> subprocess.CompletedProcess:
    """The command in a subprocess; ``path`` is put on PYTHONPATH beside the checkout."""
    pythonpath = os.pathsep.join([str(ROOT / "src")] + ([str(path)] if path else []))
    return subprocess.run([sys.executable, "-m", "cnpolicytext", *args], input=stdin, capture_output=True,
                          env={**os.environ, "PYTHONPATH": pythonpath}, timeout=120)


def cli_pipeline(*argv: str) -> Pipeline:
    """The pipeline ``cnpolicytext clean ARGV -`` would run (built in this process)."""
    return _pipeline(build_parser().parse_args(["clean", *argv, "-"]))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- the library: TOML <-> Pipeline ------------------------------------------------------------
# Every character TOML must escape, in a protected expression (which holds no line break)
# and in a boilerplate pattern (which may).
ODD = "a\\b \"q\" 'single' \t tab 新行 \x00\x1f\x7f é 〇"

PIPELINES = [
    Pipeline.default(),
    Pipeline.default(script="zh-TW", indent=True, counts=True, protected=["十全十美", ODD],
                     boilerplate=[("mine", r"^\s*点击(?:这里|此处)\d{1,3}$"), ("odd", "'\"\n新行")],
                     skip=["numbering"]),
    Pipeline(["unicode", "punctuation", "unicode"], window=1234),
    Pipeline([{"name": "pagebreak", "options": {"join_lines": False, "short_text": 0}}], window=1),
    Pipeline([]),
]


@pytest.mark.parametrize("pipeline", PIPELINES, ids=range(len(PIPELINES)))
def test_toml_round_trip_gives_the_same_pipeline(pipeline):
    text = pipeline.to_toml()
    again = Pipeline.from_toml(text)
    assert again == pipeline and again.window == pipeline.window and again.names() == pipeline.names()
    # Complete: whatever pipeline it is laid over, the printed configuration rebuilds it.
    other = Pipeline.default(script="zh-HK", counts=True)
    assert Pipeline.from_toml(text, base=other) == pipeline
    assert dumps(again) == text


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.text(max_size=12), max_size=4), window=st.integers(1, 10**12),
       short=st.integers(-(2**40), 2**40), flag=st.booleans())
def test_any_option_values_round_trip(words, window, short, flag):
    p = Pipeline([{"name": "boilerplate", "options": {"vocabulary": words, "inline": flag}},
                  {"name": "pagebreak", "options": {"short_text": short}}], window=window)
    assert Pipeline.from_toml(p.to_toml()) == p


def test_a_configuration_is_laid_over_its_base():
    base = Pipeline.default(counts=True)
    p = loads('skip = ["numbering"]\n[options.script]\ntarget = "zh-TW"\n', base=base)
    assert "numbering" not in p.names() and len(p.names()) == len(base.names()) - 1
    steps = {s.name: s for s in p.steps}
    assert steps["script"].options["target"] == "zh-TW"
    assert steps["numerals"].options["counts"] is True  # the base's option is kept
    assert p.window == base.window
    reordered = loads('steps = ["numerals", "unicode"]\nwindow = 99\n', base=base)
    assert reordered.names() == ["numerals", "unicode"] and reordered.window == 99
    assert reordered.steps[0].options["counts"] is True


@pytest.mark.parametrize("text, words", [
    ('stepz = ["unicode"]', ["cfg.toml", "unknown key 'stepz'"]),
    ('steps = ["unicode", "scrpt"]', ["cfg.toml", "steps", "'scrpt'", "did you mean 'script'"]),
    ('skip = ["nope"]', ["cfg.toml", "skip", "'nope'"]),
    ('steps = "unicode"', ["cfg.toml", "steps", "array of step names"]),
    ('window = 0', ["cfg.toml", "window", "positive"]),
    ('window = "big"', ["cfg.toml", "window", "positive"]),
    ('[options.scirpt]\ntarget = "zh-TW"', ["cfg.toml", "options.scirpt", "did you mean 'script'"]),
    ('[options.script]\ntraget = "zh-TW"', ["cfg.toml", "options.script", "unknown option", "traget"]),
    ('[options.whitespace]\nindent = "no"', ["cfg.toml", "options.whitespace", "'indent' takes bool"]),
    ('[options.numerals]\nprotected = "十全十美"', ["cfg.toml", "options.numerals", "'protected' takes a list"]),
    ('skip = ["numerals"]\n[options.numerals]\ncounts = true', ["cfg.toml", "options.numerals", "not a step"]),
    ('options = 3', ["cfg.toml", "options", "tables"]),
    ('window = = 3', ["cfg.toml", "not valid TOML"]),
])
def test_bad_configurations_name_the_file_and_the_key(text, words):
    with pytest.raises(ConfigError) as info:
        loads(text, source="cfg.toml")
    assert all(w in str(info.value) for w in words), str(info.value)


def test_set_values_are_toml_or_a_bare_word():
    assert parse_value("true") is True and parse_value("false") is False
    assert parse_value("3") == 3 and parse_value("2.5") == 2.5
    assert parse_value('"a b"') == "a b" and parse_value("'x\\y'") == "x\\y"
    assert parse_value('["a", "b"]') == ["a", "b"]
    assert parse_value("zh-TW") == "zh-TW" and parse_value("") == ""
    with pytest.raises(ConfigError, match="not a TOML value"):
        parse_value('["a", b]')


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3), max_leaves=6))
def test_a_written_value_reads_back_as_a_set_value(value):
    from cnpolicytext.config import _value

    assert parse_value(_value(value, "v")) == value


def test_a_step_from_a_broken_plugin_says_why_it_is_missing(tmp_path, monkeypatch):
    from cnpolicytext import core
    from cnpolicytext.core import get_normalizer

    _install(tmp_path, "never_there = demo_absent_module_xyz:Thing")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(core, "_ENTRY_POINT_PROBLEMS", [])  # this test's plugin leaves no trace behind
    monkeypatch.setattr(core, "_LOADED_ENTRY_POINTS", set())
    for _ in range(2):  # loaded once, and the reason kept for every later lookup
        with pytest.raises(KeyError) as info:
            get_normalizer("never_there")
        assert "demo_absent_module_xyz" in str(info.value) and "ModuleNotFoundError" in str(info.value)


def test_assign_sets_one_option_or_the_window():
    p = assign(Pipeline.default(), "script.target=zh-TW")
    assert {s.name: s for s in p.steps}["script"].options["target"] == "zh-TW"
    assert assign(p, "window=77").window == 77
    assert assign(p, "numerals.protected=['一揽子']").steps[-1].options["protected"] == ("一揽子",)
    for bad, words in [("script.target", ["STEP.OPTION=VALUE"]), ("target=zh-TW", ["STEP.OPTION"]),
                       ("pagebreak.join_lines=maybe", ["--set", "'join_lines' takes bool"]),
                       ("window=-1", ["window", "positive"])]:
        with pytest.raises(ConfigError) as info:
            assign(p, bad)
        assert all(w in str(info.value) for w in words), str(info.value)


@pytest.mark.parametrize("argv, kwargs", [
    ([], {}),
    (["--script", "zh-TW"], {"script": "zh-TW"}),
    (["--script", "keep", "--indent", "--counts"], {"script": "keep", "indent": True, "counts": True}),
    (["--skip", "numerals", "--skip", "paragraphs"], {"skip": ["numerals", "paragraphs"]}),
    (["--only", "unicode", "--only", "whitespace"], {"only": ["unicode", "whitespace"]}),
])
def test_the_flags_alone_give_the_pipeline_default_gives(argv, kwargs):
    assert cli_pipeline(*argv) == Pipeline.default(**kwargs)


def test_layers_default_then_config_then_flags_then_set(tmp_path):
    cfg = write(tmp_path / "c.toml", '[options.script]\ntarget = "zh-TW"\n[options.numerals]\nprotected = ["一揽子"]\n')
    steps = {s.name: s for s in cli_pipeline("--config", str(cfg)).steps}
    assert steps["script"].options["target"] == "zh-TW" and steps["punctuation"].options["corner_quotes"] is True
    steps = {s.name: s for s in cli_pipeline("--config", str(cfg), "--script", "zh-HK").steps}
    assert steps["script"].options["target"] == "zh-HK"  # the command line beats the file
    assert steps["punctuation"].options["corner_quotes"] is False  # as --script zh-HK says alone
    protect = write(tmp_path / "p.txt", "十全十美\n")
    steps = {s.name: s for s in cli_pipeline("--config", str(cfg), "--protect", str(protect)).steps}
    assert steps["numerals"].options["protected"] == ("一揽子", "十全十美")  # --protect adds
    p = cli_pipeline("--config", str(cfg), "--script", "zh-HK", "--set", "script.target=keep", "--window", "50")
    assert {s.name: s for s in p.steps}["script"].options["target"] == "keep" and p.window == 50


# -- the command line --------------------------------------------------------------------------
def test_config_file_changes_what_clean_does(tmp_path):
    src = write(tmp_path / "n.txt", NOTICE)
    cfg = write(tmp_path / "c.toml", 'skip = ["numerals"]\n[options.script]\ntarget = "zh-TW"\n')
    r = run("clean", "--config", str(cfg), str(src))
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode("utf-8")
    assert out == clean(NOTICE[:-1], script="zh-TW", skip=["numerals"]) + "\n"
    assert "國務院" in out and "二○一○年" in out
    r = run("clean", "--config", str(cfg), "--script", "zh-Hans", "--set", "numerals.counts=true", str(src))
    assert r.returncode == 2  # numerals is skipped by the file: --set cannot reach it
    one_line_error(r, "--set numerals.counts=true", "not a step")
    r = run("clean", "--config", str(cfg), "--script", "zh-Hans", str(src))
    assert r.stdout.decode("utf-8") == clean(NOTICE[:-1], skip=["numerals"]) + "\n"


@pytest.mark.parametrize("text, words", [
    ('steps = ["unicode", "numerls"]', ["steps", "numerls", "did you mean 'numerals'"]),
    ('[options.pagebreak]\njoin_line = false', ["options.pagebreak", "join_line"]),
    ('[options.pagebreak]\njoin_lines = "no"', ["options.pagebreak", "'join_lines' takes bool"]),
])
def test_a_bad_config_file_is_a_usage_error_naming_file_and_key(tmp_path, text, words):
    cfg = write(tmp_path / "bad.toml", text)
    for command in ("clean", "audit"):
        r = run(command, "--config", str(cfg), "-", stdin=b"x")
        assert r.returncode == 2 and r.stdout == b""
        one_line_error(r, str(cfg), *words)
    r = run("clean", "--config", str(tmp_path / "missing.toml"), "-", stdin=b"x")
    assert r.returncode == 2
    one_line_error(r, "missing.toml", "cannot read")


def test_set_on_the_command_line(tmp_path):
    r = run("clean", "--set", "script.target=zh-TW", "-", stdin=NOTICE.encode())
    assert r.returncode == 0 and r.stdout.decode() == clean(NOTICE[:-1], script="zh-TW") + "\n"
    r = run("clean", "--set", "whitespace.indent=yes", "-", stdin=b"x")
    assert r.returncode == 2
    one_line_error(r, "--set whitespace.indent=yes", "'indent' takes bool")
    r = run("clean", "--set", "whitespace", "-", stdin=b"x")
    assert r.returncode == 2
    one_line_error(r, "--set", "STEP.OPTION=VALUE")


def test_print_config_reproduces_the_pipeline_exactly(tmp_path):
    cfg = write(tmp_path / "c.toml", 'skip = ["numbering"]\n[options.pagebreak]\njoin_lines = false\n')
    boiler = write(tmp_path / "b.tsv", "mine\t^\\s*打印本页$\n")
    argv = ["--config", str(cfg), "--script", "zh-HK", "--counts", "--boilerplate", str(boiler),
            "--set", "pagebreak.short_text=12", "--window", "5000"]
    r = run("clean", *argv, "--print-config")
    assert r.returncode == 0, r.stderr
    printed = r.stdout.decode("utf-8")
    expected = cli_pipeline(*argv)
    assert Pipeline.from_toml(printed) == expected and Pipeline.from_toml(printed).window == 5000
    saved = write(tmp_path / "printed.toml", printed)
    r = run("clean", "--config", str(saved), "--print-config")
    assert r.stdout.decode("utf-8") == printed  # a fixed point
    src = write(tmp_path / "n.txt", NOTICE + "打印本页\n")
    direct = run("clean", *argv, str(src))
    via_file = run("clean", "--config", str(saved), str(src))
    assert direct.returncode == via_file.returncode == 0
    assert direct.stdout == via_file.stdout and "打印本页" not in direct.stdout.decode()
    r = run("audit", "--config", str(saved), "--print-config")
    assert r.returncode == 0 and r.stdout.decode("utf-8") == printed


def test_clean_without_a_path_says_so():
    r = run("clean")
    assert r.returncode == 2
    one_line_error(r, "PATH")


PLUGIN = '''
import regex
from cnpolicytext import Normalizer, register

_TAG = regex.compile(r"【内部】")


@register
class MaskTags(Normalizer):
    name = "mask_tags"
    summary = "a user step: 【内部】 becomes a token"
    defaults = {"token": "[TAG]"}
    option_docs = {"token": "what the tag becomes"}

    def run(self, text, ctx):
        return ctx.sub(_TAG, self.options["token"], text, "mask_tags.tag", "an internal tag")
'''


def test_plugin_module_registers_a_step_for_config_and_set(tmp_path):
    write(tmp_path / "site" / "my_tags.py", PLUGIN)
    cfg = write(tmp_path / "c.toml", 'steps = ["unicode", "punctuation", "mask_tags"]\n')
    text = "【内部】精神,结合。\n".encode()
    r = run("clean", "--plugin", "my_tags", "--config", str(cfg), "-", stdin=text, path=tmp_path / "site")
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == "[TAG]精神，结合。\n"
    r = run("clean", "--plugin", "my_tags", "--config", str(cfg), "--set", "mask_tags.token=XX", "-",
            stdin=text, path=tmp_path / "site")
    assert r.stdout.decode() == "XX精神，结合。\n"
    files = [write(tmp_path / "in" / f"{i}.txt", "【内部】精神,结合。\n") for i in range(4)]
    r = run("clean", "--plugin", "my_tags", "--config", str(cfg), "-j", "2", "--stats-json",
            str(tmp_path / "in"), "-o", str(tmp_path / "out"), path=tmp_path / "site")
    assert r.returncode == 0, r.stderr
    assert all((tmp_path / "out" / f.name).read_text(encoding="utf-8") == "[TAG]精神，结合。\n" for f in files)
    assert json.loads(r.stderr.decode().splitlines()[-1])["rules"]["mask_tags.tag"]["edits"] == 4
    r = run("list", "--plugin", "my_tags", path=tmp_path / "site")
    listed = r.stdout.decode()
    assert "mask_tags" in listed and 'token (str, default "[TAG]"): what the tag becomes' in listed
    r = run("clean", "--config", str(cfg), "-", stdin=text, path=tmp_path / "site")  # without --plugin
    assert r.returncode == 2
    one_line_error(r, "mask_tags")
    r = run("clean", "--plugin", "no_such_module_here", "-", stdin=text)
    assert r.returncode == 2
    one_line_error(r, "--plugin no_such_module_here", "cannot import")


SHOUT = '''
import regex

from cnpolicytext import Normalizer

_WORD = regex.compile(r"[a-z]++")


class Shout(Normalizer):  # registered by the entry point, not by a decorator
    name = "shout"
    summary = "a user step from an installed package: ASCII words upper-cased"
    defaults = {"suffix": ""}
    option_docs = {"suffix": "what each shouted word ends with"}

    def run(self, text, ctx):
        return ctx.sub(_WORD, lambda m: m.group().upper() + self.options["suffix"], text, "shout.upper", "shouted")
'''


def _install(site: Path, entry: str) -> None:
    """A minimal installed distribution: a dist-info folder on the path, with its entry points."""
    info = site / "demo_shout-0.1.dist-info"
    write(info / "METADATA", "Metadata-Version: 2.1\nName: demo-shout\nVersion: 0.1\n")
    write(info / "entry_points.txt", f"[cnpolicytext.normalizers]\n{entry}\n")


def test_entry_point_plugins_are_found_by_name(tmp_path):
    site = tmp_path / "site"
    write(site / "demo_shout.py", SHOUT)
    _install(site, "shout = demo_shout:Shout")
    cfg = write(tmp_path / "c.toml", 'steps = ["unicode", "shout"]\n[options.shout]\nsuffix = "!"\n')
    r = run("clean", "--config", str(cfg), "-", stdin="abc 中文\n".encode(), path=site)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == "ABC! 中文\n"
    r = run("list", path=site)
    listed = r.stdout.decode()
    assert "shout" in listed and 'suffix (str, default ""): what each shouted word ends with' in listed
    code = ("import sys; sys.path.insert(0, sys.argv[1])\n"
            "from cnpolicytext import Pipeline\n"
            "print(Pipeline(['shout']).clean('abc'))\n")  # the library looks plugins up on a miss
    r = subprocess.run([sys.executable, "-c", code, str(site)], capture_output=True, timeout=60,
                       env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert r.stdout.decode().strip() == "ABC", r.stderr


def test_a_broken_entry_point_is_a_warning_not_a_crash(tmp_path):
    site = tmp_path / "site"
    _install(site, "broken = demo_missing_module:Thing")
    r = run("clean", "-", stdin="精神,结合\n".encode(), path=site)
    assert r.returncode == 0
    assert r.stdout.decode() == clean("精神,结合") + "\n"
    one_line_error(r, "warning", "broken", "demo_missing_module")


def test_list_shows_each_option_with_type_default_and_doc():
    r = run("list")
    assert r.returncode == 0
    out = r.stdout.decode()
    assert "    inline (bool, default true): remove pinyin glosses" in out
    assert "    patterns (array, default []): more line patterns" in out
    assert "    target (str, default \"zh-Hans\")" in out


# -- --metadata on a streamed file -------------------------------------------------------------
def test_metadata_of_a_streamed_file_is_the_metadata_of_a_whole_one(tmp_path):
    body = "".join(f"第{i}段的内容，现予公布。\n" for i in range(400))
    src = write(tmp_path / "big.txt", "发布时间：2021年3月2日\n来源：示范市科技局\n" + body)
    size = src.stat().st_size
    window = str(size // 10)  # the file is larger than three windows: it streams
    streamed = run("clean", "--window", window, "--metadata", str(tmp_path / "m1.jsonl"), str(src))
    whole = run("clean", "--window", window, "--stats", "--metadata", str(tmp_path / "m2.jsonl"), str(src))
    assert streamed.returncode == whole.returncode == 0, streamed.stderr
    assert streamed.stdout == whole.stdout
    m1 = [json.loads(x) for x in (tmp_path / "m1.jsonl").read_text(encoding="utf-8").splitlines()]
    m2 = [json.loads(x) for x in (tmp_path / "m2.jsonl").read_text(encoding="utf-8").splitlines()]
    assert m1 == m2 and m1[0]["metadata"] == {"发布时间": "2021年3月2日", "来源": "示范市科技局"}


def test_clean_stream_collects_the_metadata_run_reports():
    text = "发布时间：2021年3月2日\n" + "".join(f"第{i}段的内容，现予公布。\n" for i in range(200))
    p = Pipeline(Pipeline.default().steps, window=500)
    found: dict[str, str] = {}
    parts = list(p.clean_stream(iter([text[:333], text[333:]]), metadata=found))
    result = p.run(text)
    assert "\n".join(parts) == result.text and found == result.metadata and found


# -- audit reads its inputs as clean does --------------------------------------------------------
def test_audit_reports_an_unreadable_subfolder_and_audits_the_rest(tmp_path):
    write(tmp_path / "in" / "a.txt", "精神,结合\n")
    write(tmp_path / "in" / "locked" / "b.txt", "精神,结合\n")
    r = run_patched(LOCKED, "audit", "--json", "--sample", "0", str(tmp_path / "in"))
    assert r.returncode == 1
    one_line_error(r, "locked", "cannot read folder", "Permission denied")
    assert json.loads(r.stdout)["documents"] == 1


def test_audit_skips_only_the_record_with_a_bad_byte(tmp_path):
    good = json.dumps({"text": "精神,结合", "id": "g1"}, ensure_ascii=False).encode()
    bad = b'{"text": "\xff\xfe", "id": "b"}'
    src = tmp_path / "r.jsonl"
    src.write_bytes(good + b"\n" + bad + b"\n" + good.replace(b"g1", b"g2") + b"\n")
    r = run("audit", "--jsonl", "--json", "--sample", "0", str(tmp_path))  # a folder: its *.jsonl files
    assert r.returncode == 1
    one_line_error(r, "r.jsonl:2", "not valid utf-8", "record skipped")
    report = json.loads(r.stdout)
    assert report["documents"] == 2 and any("r.jsonl:2" in e for e in report["errors"])


def test_audit_takes_config_and_set(tmp_path):
    src = write(tmp_path / "n.txt", NOTICE)
    cfg = write(tmp_path / "c.toml", 'skip = ["numerals"]\n')
    r = run("audit", "--json", "--sample", "0", "--config", str(cfg), str(src))
    assert r.returncode == 0, r.stderr
    rules = json.loads(r.stdout)["rules"]
    assert not any(k.startswith("numerals.") for k in rules) and "punctuation.fullwidth" in rules
    r = run("audit", "--json", "--sample", "0", "--set", "script.target=zh-TW", str(src))
    assert any(k.startswith("script.") for k in json.loads(r.stdout)["rules"])


def test_the_python_examples_of_docs_extending_run():
    import re

    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "extending.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 2
    r = subprocess.run([sys.executable, "-c", "\n".join(blocks)], capture_output=True, timeout=120,
                       env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert r.returncode == 0, r.stderr.decode()


def test_a_spawned_worker_imports_the_modules_of_user_steps(tmp_path, monkeypatch):
    import importlib
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from cnpolicytext import core
    from cnpolicytext.parallel import _clean_batch, ordered_map, worker_config

    write(tmp_path / "spawn_tags.py", PLUGIN.replace('"mask_tags"', '"spawn_tags"'))
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("spawn_tags")
    try:
        pipeline = Pipeline(["unicode", "spawn_tags"])
        config = worker_config(pipeline)
        assert json.loads(config)["plugins"] == ["spawn_tags"]
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            out = list(ordered_map(_clean_batch, [["【内部】正文"]], 1, config, executor=pool))
        assert out == ["[TAG]正文"] == [pipeline.clean("【内部】正文")]
    finally:
        core._REGISTRY.pop("spawn_tags", None)
        sys.modules.pop("spawn_tags", None)
