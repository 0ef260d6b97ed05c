"""The audit: per-rule figures of what cleaning did, on sample texts whose every edit is known."""

from __future__ import annotations

import doctest
import json
import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
import regex
from hypothesis import given, settings

from cnpolicytext import Context, Normalizer, Pipeline, clean, register
from cnpolicytext import audit as audit_module
from cnpolicytext.audit import CLASSES, Auditor, AuditReport, audit, char_class, count_classes, line_effect

from .conftest import ROOT
from .strategies import policy_text


def zeros(**counts: int) -> dict[str, int]:
    return {c: counts.get(c, 0) for c in CLASSES}


# -- a corpus where every edit is known --------------------------------------------------------
def test_one_stray_space_and_one_fullwidth_digit_are_exactly_two_rules():
    text = "我们 在第１期。"
    assert clean(text) == "我们在第1期。"
    report = audit([text, "已经干净的一句话。"], sample=0)
    assert report.documents == 2 and report.changed == 1
    assert sorted(report.rules) == ["unicode.fullwidth", "whitespace.stray"]
    stray, digit = report.rules["whitespace.stray"], report.rules["unicode.fullwidth"]
    assert (stray.edits, stray.documents) == (1, 1)
    assert stray.removed == zeros(space=1) and stray.added == zeros()
    assert (digit.edits, digit.documents) == (1, 1)
    assert digit.removed == zeros(digit=1) and digit.added == zeros(digit=1)
    for r in (stray, digit):
        assert (r.line_breaks_removed, r.line_breaks_added, r.lines_joined, r.lines_split,
                r.lines_deleted, r.blank_lines_removed) == (0, 0, 0, 0, 0, 0)
    assert report.raw_chars["space"] - report.clean_chars["space"] == 1
    assert report.not_idempotent_count == 0 and report.untracked == []


def test_blank_line_and_chapter_gap():
    report = audit(["本办法自发布之日起施行。\n\n第二条 适用范围。"], sample=0)
    assert sorted(report.rules) == ["whitespace.blank_line", "whitespace.chapter_gap"]
    blank = report.rules["whitespace.blank_line"]
    assert (blank.line_breaks_removed, blank.blank_lines_removed, blank.lines_joined) == (1, 1, 0)
    assert blank.removed == zeros(space=1)
    gap = report.rules["whitespace.chapter_gap"]
    assert gap.removed == zeros(space=1) and gap.added == zeros(space=1)
    assert report.raw_lines == report.clean_lines == 2


def test_character_classes():
    assert [char_class(c) for c in "中〇1１①ＡaéΩ，%○ \u3000\n\u200b\ue000"] == [
        "han", "han", "digit", "digit", "digit", "latin", "latin", "latin", "other", "punct", "punct",
        "punct", "space", "space", "space", "other", "other"]
    assert count_classes("第1条 A，") == zeros(han=2, digit=1, space=1, latin=1, punct=1)


# -- lines -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, start, end, replacement, expected", [
    # (breaks removed, added, joined, split, deleted, blank removed)
    ("第一行\n第二行", 3, 4, "", (1, 0, 1, 0, 0, 0)),  # a join
    ("第一句。第二句", 4, 4, "\n", (0, 1, 0, 1, 0, 0)),  # a split
    ("正文\n页眉\n正文", 3, 6, "", (1, 0, 0, 0, 1, 0)),  # a line deleted with the break after it
    ("正文\n页眉\n正文", 2, 5, "", (1, 0, 0, 0, 1, 0)),  # ... with the break before it
    ("正文\n页眉\n正文", 2, 6, "", (2, 0, 1, 0, 1, 0)),  # deleted, and its neighbours joined
    ("正文\n页眉\n正文", 3, 5, "", (0, 0, 0, 0, 1, 0)),  # its content deleted, an empty line stays
    ("正文\n\n\n正文", 3, 5, "", (2, 0, 0, 0, 0, 2)),  # two blank lines removed
    ("正文。\n\n", 4, 5, "", (1, 0, 0, 0, 0, 1)),  # one break beside two empty lines: one goes
    ("正文，\n\n续", 3, 5, "", (2, 0, 1, 0, 0, 1)),  # joined across a blank line
    ("正文\n\u200b\n正文", 3, 4, "", (0, 0, 0, 0, 0, 0)),  # an invisible character is not content
    ("正文\n甲乙\n正文", 3, 5, "丙丁", (0, 0, 0, 0, 0, 0)),  # a line rewritten is not deleted
    ("第一行\n 第二行", 3, 5, "", (1, 0, 1, 0, 0, 0)),
])
def test_line_effect(text, start, end, replacement, expected):
    assert line_effect(text, start, end, replacement) == expected


def test_line_effect_is_linear_on_a_long_line():
    text = "字" * 200_000 + "，" + "字" * 200_000
    assert line_effect(text, 200_000, 200_001, "") == (0, 0, 0, 0, 0, 0)


# -- a custom pipeline: attribution per pass, idempotence ----------------------------------------
class _Swap(Normalizer):
    """Test step: ``ab`` -> ``XY``."""

    name = "test_audit_swap"

    def run(self, text: str, ctx: Context) -> str:
        return ctx.sub(regex.compile("ab"), "XY", text, "test_audit_swap.xy")


class _DropY(Normalizer):
    """Test step: ``Y`` goes (so its edit lands inside the one before: a composite segment)."""

    name = "test_audit_drop"

    def run(self, text: str, ctx: Context) -> str:
        return ctx.sub(regex.compile("Y"), "", text, "test_audit_drop.y")


class _Grow(Normalizer):
    """Test step that is deliberately not idempotent: a text ending in ``!`` gets one more."""

    name = "test_audit_grow"

    def run(self, text: str, ctx: Context) -> str:
        return ctx.sub(regex.compile(r"!\Z"), "!!", text, "test_audit_grow.bang")


@pytest.fixture
def custom_steps():
    from cnpolicytext import core

    for cls in (_Swap, _DropY, _Grow):
        register(cls)
    try:
        yield
    finally:
        for cls in (_Swap, _DropY, _Grow):
            core._REGISTRY.pop(cls.name, None)


def test_edits_are_charged_to_the_pass_that_made_them(custom_steps):
    pipeline = Pipeline(["test_audit_swap", "test_audit_drop"])
    # In the result's segments the two edits merge into one "a+b" segment ...
    result = pipeline.run("中ab文")
    assert result.text == "中X文"
    assert [e.rule for e in result.edits] == ["test_audit_swap.xy+test_audit_drop.y"]
    # ... the audit charges each rule with its own characters.
    report = audit(["中ab文"], pipeline=pipeline, sample=0)
    assert sorted(report.rules) == ["test_audit_drop.y", "test_audit_swap.xy"]
    assert report.rules["test_audit_swap.xy"].removed == zeros(latin=2)
    assert report.rules["test_audit_swap.xy"].added == zeros(latin=2)
    assert report.rules["test_audit_drop.y"].removed == zeros(latin=1)
    assert report.rules["test_audit_drop.y"].added == zeros()


def test_a_document_that_is_not_idempotent_is_listed(custom_steps):
    pipeline = Pipeline(["whitespace", "test_audit_grow"])
    assert pipeline.clean(pipeline.clean("好!")) != pipeline.clean("好!")
    report = audit([("calm", "好。"), ("loud", "好!"), ("calm too", "很 好。")], pipeline=pipeline, sample=0)
    assert report.not_idempotent_count == 1
    [entry] = report.not_idempotent
    assert entry.document == "loud"
    # The second clean runs its rounds too: one more mark in each.
    assert entry.rules == {"test_audit_grow.bang": Pipeline.max_rounds}
    assert entry.second.startswith(entry.first) and len(entry.second) > len(entry.first)
    assert report.idempotent_share == pytest.approx(2 / 3)
    assert "not idempotent: 1 documents" in report.table()
    assert "loud" in report.to_html()


def test_the_default_pipeline_is_idempotent_on_sample_texts():
    report = audit(["截止 2009 年底,我市科技人员数 远远低于平均水平。\n\n  二○一○年四月二十九日  ",
                    "一、总体要求\n（一）指导思想。坚持 以人为本。"], sample=0)
    assert report.not_idempotent_count == 0


@settings(max_examples=60, deadline=None)
@given(policy_text)
def test_the_figures_balance(text):
    # Whatever the text, the per-rule removed/added characters add up to the difference
    # between raw and clean, class by class, and so do the line breaks.
    report = audit([text], sample=2)
    assert report.untracked == []
    total = report.totals()
    for c in CLASSES:
        assert report.raw_chars[c] - total.removed[c] + total.added[c] == report.clean_chars[c], c
    cleaned = clean(text)
    assert text.count("\n") - total.line_breaks_removed + total.line_breaks_added == cleaned.count("\n")
    for rule, items in report.samples.items():
        assert 1 <= len(items) <= min(2, report.rules[rule].edits)


# -- samples -------------------------------------------------------------------------------------
CORPUS = [f"第{i}段 内容，数量 {i} 个,其中 {i * 3} 项。" for i in range(40)]


def _picked(report: AuditReport) -> dict[str, list[tuple[str, str]]]:
    return {rule: [(s.document, s.raw[0] + "|" + s.raw[1]) for s in items] for rule, items in report.samples.items()}


def test_the_sample_is_deterministic_for_a_seed():
    a = audit(CORPUS, sample=3, seed=7)
    b = audit(CORPUS, sample=3, seed=7)
    assert a.to_dict() == b.to_dict()
    stray = a.rules["whitespace.stray"].edits
    assert stray > 3 and len(a.samples["whitespace.stray"]) == 3
    assert len({(s.document, s.raw_start) for s in a.samples["whitespace.stray"]}) == 3
    others = {json.dumps(_picked(audit(CORPUS, sample=3, seed=s)), ensure_ascii=False) for s in range(8, 13)}
    assert len(others | {json.dumps(_picked(a), ensure_ascii=False)}) > 1  # the seed matters


def test_the_sample_does_not_depend_on_how_the_corpus_is_split():
    whole = audit(CORPUS, sample=3, seed=5)
    first, second = Auditor(sample=3, seed=5), Auditor(sample=3, seed=5)
    for i, text in enumerate(CORPUS):
        (first if i % 2 else second).add(text, f"#{i}", number=i)
    first.merge(second)
    assert first.report().to_dict() == whole.to_dict()


def test_a_sample_shows_its_context_in_raw_and_clean():
    report = audit([("doc", "前面的文字 后面的文字")], sample=1, context=3)
    [s] = report.samples["whitespace.stray"]
    assert (s.document, s.removed, s.added) == ("doc", " ", "")
    assert s.raw == ("的文字", " ", "后面的") and s.clean == ("的文字", "", "后面的")
    assert s.step == ("的文字", "后面的")
    assert (s.raw_start, s.clean_start) == (5, 5)
    assert s.reason  # each edit says why


# -- outputs -------------------------------------------------------------------------------------
class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.extend(attrs)


def test_the_html_is_self_contained_and_escapes_everything():
    hostile = '正文 内容<script>alert("x")</script>&amp;\n<img src="http://e.example/x.png">说明 文字。'
    page = audit([("<b>doc</b>", hostile)], sample=5).to_html()
    assert "<script" not in page.lower() and "<img" not in page and "<b>doc" not in page
    assert "&lt;script&gt;" in page and "&amp;amp;" in page and "&lt;b&gt;doc&lt;/b&gt;" in page
    parser = _Tags()
    parser.feed(page)
    assert parser.tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "table", "tr", "th",
                           "td", "a", "details", "summary", "del", "ins", "span", "br", "ul", "li"}
    assert not [v for k, v in parser.attrs if k in ("src", "href") and v and not v.startswith("#")]
    assert "@import" not in page and "url(" not in page
    assert "<del>" in page and "<ins>" in page  # the change is highlighted


def test_the_json_round_trips():
    report = audit([*CORPUS[:5], "截止 2009 年底,我市科技人员数。"], sample=2, seed=1)
    data = json.loads(report.to_json())
    assert data == report.to_dict()
    assert AuditReport.from_dict(data).to_dict() == data
    assert data["format"] == 1
    assert set(data) == {"format", "pipeline", "sample", "seed", "context", "documents", "changed", "characters",
                         "lines", "rules", "totals", "not_idempotent", "untracked", "samples", "errors"}
    assert set(data["rules"]["whitespace.stray"]) == {
        "edits", "documents", "removed", "added", "line_breaks_removed", "line_breaks_added", "lines_joined",
        "lines_split", "lines_deleted", "blank_lines_removed"}


def test_the_table_names_each_rule():
    report = audit(CORPUS[:3], sample=1)
    table = report.table(samples=True)
    assert "whitespace.stray" in table and "(all rules)" in table and "sample of whitespace.stray" in table
    markdown = report.to_markdown().splitlines()
    rows = [line for line in markdown if line.startswith("| ") and " | −" in line]
    assert [row.split(" | ")[0][2:] for row in rows] == [*sorted(report.rules), "**all rules**"]
    stray = report.rules["whitespace.stray"]
    assert f"| whitespace.stray | {stray.edits} | {stray.documents} |" in report.to_markdown()


def test_docstring_examples():
    failures, tried = doctest.testmod(audit_module)
    assert tried and not failures


# -- command line --------------------------------------------------------------------------------
def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "cnpolicytext", "audit", *args], input=stdin,
                          capture_output=True, env=env, timeout=120)


def test_cli_on_a_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("我们 在第１期。\n", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("标题\n正文。\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("不是 输入\n", encoding="utf-8")
    html_path = tmp_path / "report.html"
    r = run(str(tmp_path), "--json", "--html", str(html_path), "--sample", "2")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["documents"] == 2
    assert data["rules"]["whitespace.stray"]["removed"]["space"] == 1
    assert data["rules"]["unicode.fullwidth"]["removed"]["digit"] == 1
    # A file's last line break is not an edit (clean writes one back): b.md is unchanged.
    assert data["changed"] == 1 and sorted(data["rules"]) == ["unicode.fullwidth", "whitespace.stray"]
    assert html_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    table = run(str(tmp_path))
    assert table.returncode == 0 and "unicode.fullwidth" in table.stdout.decode("utf-8")


def test_cli_on_jsonl(tmp_path):
    lines = [json.dumps({"id": "甲", "body": "工 业化"}, ensure_ascii=False), "",
             json.dumps({"body": "第１期"}, ensure_ascii=False), "not json"]
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run("--jsonl", str(path), "--text-key", "body", "--json", "--sample", "1")
    assert r.returncode == 1  # one line was not a record: reported, the others audited
    assert "r.jsonl:4: not JSON" in r.stderr.decode("utf-8")
    data = json.loads(r.stdout)
    assert data["documents"] == 2
    assert [s["document"] for s in data["samples"]["whitespace.stray"]] == ["甲"]
    assert [s["document"] for s in data["samples"]["unicode.fullwidth"]] == [f"{path}:3"]
    again = run("--jsonl", str(path), "--text-key", "body", "--json", "--sample", "1", "-j", "2")
    assert json.loads(again.stdout) == data  # same figures and samples in two processes


def test_cli_options(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("我们 在第１期。", encoding="utf-8")
    r = run(str(path), "--skip", "unicode", "--json")
    assert sorted(json.loads(r.stdout)["rules"]) == ["whitespace.stray"]
    r = run(str(path), "--only", "unicode", "--json")
    assert sorted(json.loads(r.stdout)["rules"]) == ["unicode.fullwidth"]
    assert run(str(path), "--skip", "nosuch").returncode == 2
    assert run(str(tmp_path / "missing.txt")).returncode == 1


def test_characters_an_edit_writes_back_are_not_charged():
    # "ab" -> "XY" shares nothing; a rewrite that keeps characters is charged only the change.
    class _Wrap(Normalizer):
        name = "test_audit_wrap"

        def run(self, text: str, ctx: Context) -> str:
            return ctx.sub(regex.compile(r"\(([^()]*)\)"), r"（\1）", text, "test_audit_wrap.brackets")

    report = audit(["见(附件甲乙)。"], pipeline=Pipeline([_Wrap()]), sample=1)
    wrap = report.rules["test_audit_wrap.brackets"]
    assert wrap.removed == zeros(punct=2) and wrap.added == zeros(punct=2)
    [s] = report.samples["test_audit_wrap.brackets"]
    assert (s.removed, s.added) == ("(附件甲乙)", "（附件甲乙）")  # the sample shows the edit as made


def test_a_long_text_is_audited_window_by_window():
    # A pipeline with a tiny window cuts this text in several windows: the figures still
    # balance, and each sample's offsets point into the raw and the whole clean text.
    pipeline = Pipeline(Pipeline.default().steps, window=40)
    text = "\n".join(f"第{i}项工作 已经完成。数量为 {i} 个,比去年增加。" for i in range(12))
    cleaned = pipeline.clean(text)
    assert len(text) > 3 * pipeline.window and cleaned != text
    report = audit([text], pipeline=pipeline, sample=50)
    total = report.totals()
    for c in CLASSES:
        assert report.raw_chars[c] - total.removed[c] + total.added[c] == report.clean_chars[c], c
    assert report.clean_chars == count_classes(cleaned)
    assert report.untracked == [] and report.not_idempotent_count == 0
    samples = [s for items in report.samples.values() for s in items]
    assert len({s.order[1] for s in samples}) == total.edits  # every edit sampled once
    for s in samples:
        assert text[s.raw_start:s.raw_start + len(s.raw[1])] == s.raw[1]
        assert cleaned[s.clean_start:s.clean_start + len(s.clean[1])] == s.clean[1]
        assert text[:s.raw_start].endswith(s.raw[0]) and cleaned[:s.clean_start].endswith(s.clean[0])
