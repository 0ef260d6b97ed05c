"""The one reader of the data files (cnpolicytext.data) and of the users' files that extend them."""

from __future__ import annotations

from pathlib import Path

import pytest

from cnpolicytext import Pipeline, data

SRC = Path(data.__file__).resolve().parents[1]


def test_entries_skip_blank_lines_and_comments_and_keep_their_line_numbers():
    found = data.entries("# a comment\n\n十一五\n  \n三个代表\n", "x.txt")
    assert [(e.line, e.text) for e in found] == [(3, "十一五"), (5, "三个代表")]
    assert found[0].where == "x.txt:3"


def test_columns_cut_at_the_first_tabs_only():
    [entry] = data.entries("rule\t^a\tb$\n", "p.tsv")
    assert entry.columns(2) == ["rule", "^a\tb$"]
    assert entry.columns(3) == ["rule", "^a", "b$"]


def test_a_users_file_reads_like_a_packaged_one(tmp_path):
    path = tmp_path / "mine.txt"
    # A byte-order mark, Windows line ends and a comment on the first line: the same entries.
    path.write_bytes("\ufeff# my list\r\n 八项规定 \r\n\r\n四个全面\r\n".encode())
    found = data.read_user(str(path))
    assert data.words(found) == ("八项规定", "四个全面")
    assert [e.where for e in found] == [f"{path}:2", f"{path}:4"]


@pytest.mark.parametrize("name", ["boilerplate.tsv", "boilerplate_vocabulary.txt", "boilerplate_licence.txt",
                                  "protected.txt", "units.txt", "tgh_2013.txt"])
def test_every_packaged_list_has_entries_and_no_comment_among_them(name):
    found = data.packaged(name)
    assert found and not any(e.text.startswith("#") or not e.text.strip() for e in found)
    assert data.packaged(name) is found  # read once


def test_a_user_list_extends_the_packaged_one_through_the_same_reader(tmp_path):
    # 三十左右 is no protected expression of the package; given in a file, it stays as written.
    text = "增长百分之三十左右。"
    assert Pipeline.default()(text) == "增长30%左右。"
    path = tmp_path / "protect.txt"
    path.write_text("# extra\n三十左右\n", encoding="utf-8")
    protected = data.words(data.read_user(str(path)))
    assert Pipeline.default(protected=protected)(text) == text


def test_only_the_data_module_opens_packaged_files():
    readers = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if "resources.files" in p.read_text("utf-8")]
    assert readers == [str(Path("data", "__init__.py"))]
