"""The essays in seeds/ and the essay parser: metadata, paragraphs, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus.essay import (
    MAX_ESSAY_BYTES,
    decode_essay_bytes,
    load_essay_dir,
    load_essay_file,
    parse_essay,
)
from bot.errors import CorpusError

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FURNITURE = ["Skip to main content", "Subscribe", "Portside", "Getty Images", "sign up for Snapshot",
             "Dissent is a quarterly", "* * *"]


@pytest.fixture(scope="module")
def seeds():
    return {e.slug: e for e in load_essay_dir(SEEDS)}


def test_seed_metadata(seeds):
    rana, walt = seeds["rana-left-internationalism"], seeds["walt-socialists-libertarians"]
    assert (rana.title, rana.author, rana.year, rana.source) == (
        "Left Internationalism in the Heart of Empire", "Aziz Rana", "2022", "Dissent")
    assert (walt.author, walt.published, walt.source) == ("Stephen M. Walt", "2018-09-24", "Foreign Policy")
    assert walt.title == "Socialists and Libertarians Need an Alliance Against the Establishment"
    assert rana.display_short_title == "Left Internationalism"


def test_seed_paragraphs_are_numbered_and_clean(seeds):
    for essay in seeds.values():
        assert [p.number for p in essay.paragraphs] == list(range(1, len(essay.paragraphs) + 1))
        for p in essay.paragraphs:
            assert not any(f in p.text for f in FURNITURE), (essay.slug, p.number, p.text[:80])
    assert len(seeds["walt-socialists-libertarians"].paragraphs) == 10
    assert seeds["rana-left-internationalism"].paragraphs[0].text.startswith("The global international order")


def test_walt_split_paragraph_is_rejoined(seeds):
    walt = seeds["walt-socialists-libertarians"]
    joined = [p for p in walt.paragraphs if "doesn't have a deep bench" in p.text]
    assert len(joined) == 1
    assert not any(p.text.startswith("have a deep bench") for p in walt.paragraphs)


def test_author_bio_is_its_own_section(seeds):
    last = seeds["rana-left-internationalism"].paragraphs[-1]
    assert last.section == "About the author" and "Cornell Law School" in last.text
    assert all(p.section == "" for p in seeds["rana-left-internationalism"].paragraphs[:-1])


def test_plain_text_takes_title_from_first_line():
    essay = parse_essay("My Essay\n\nFirst paragraph here.\n\nSecond one.\n", name="x.txt")
    assert essay.title == "My Essay"
    assert [p.text for p in essay.paragraphs] == ["First paragraph here.", "Second one."]
    assert essay.slug == "my-essay"


def test_markdown_heading_is_title_and_lines_are_joined():
    essay = parse_essay("# On Things\n\nA line\nwrapped here.\n\n## Part two\n\nMore.\n", name="x.md")
    assert essay.title == "On Things"
    assert essay.paragraphs[0].text == "A line wrapped here."
    assert (essay.paragraphs[1].section, essay.paragraphs[1].number) == ("Part two", 2)


def test_front_matter_dates_become_text():
    essay = parse_essay("---\ntitle: T\nauthor: A\npublished: 2020-01-02\n---\n\nBody.\n")
    assert essay.published == "2020-01-02" and essay.author == "A"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x00\x01binary", "binary"),
        (b"caf\xe9 au lait", "not UTF-8"),
        (b"x" * (MAX_ESSAY_BYTES + 1), "limit"),
    ],
)
def test_undecodable_files_are_refused(data, message):
    with pytest.raises(CorpusError, match=message):
        decode_essay_bytes(data, "upload.txt")


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "no paragraphs"),
        ("   \n\n  \n", "no paragraphs"),
        ("# Only a title\n", "no paragraphs"),
        ("---\ntitle: [unclosed\n---\n\nBody.", "not valid YAML"),
        ("---\n- a list\n---\n\nBody.", "mapping"),
        ("---\ntitle: {a: 1}\n---\n\nBody.", "must be text"),
    ],
)
def test_unusable_essays_are_refused(text, message):
    with pytest.raises(CorpusError, match=message):
        parse_essay(text, name="bad.md")


def test_folder_errors(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        load_essay_dir(tmp_path / "missing")
    with pytest.raises(CorpusError, match="no .md or .txt"):
        load_essay_dir(tmp_path)
    (tmp_path / "essay.pdf").write_bytes(b"%PDF")
    with pytest.raises(CorpusError, match="only .md and .txt"):
        load_essay_file(tmp_path / "essay.pdf")
