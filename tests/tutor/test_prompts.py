"""The tutor's templates: present and valid at start; a broken file is a clear error at start."""

from __future__ import annotations

import shutil

import pytest

from bot.errors import ConfigError
from bot.prompts import PromptBook
from bot.tutor import texts


def _copy(core, tmp_path):
    folder = tmp_path / "prompts"
    shutil.copytree(core.settings.prompts_dir, folder)
    return folder


def _specs():
    return {"tutor": texts.TUTOR.keys, "chat": texts.CHAT.keys}


def test_real_prompts_load(core):
    book = PromptBook.load(core.settings.prompts_dir, _specs())
    assert "¶7" in book.render("tutor", "read_more_place", paragraphs="¶7", short_title="X")
    assert "{" not in book.render("tutor", "generator_system")


def test_missing_key_is_named(core, tmp_path):
    folder = _copy(core, tmp_path)
    path = folder / "tutor.yaml"
    path.write_text(path.read_text().replace("suggest_header:", "sugest_header:"))
    with pytest.raises(ConfigError, match=r"tutor\.suggest_header is missing .*sugest_header"):
        PromptBook.load(folder, _specs())


def test_unknown_placeholder_is_named(core, tmp_path):
    folder = _copy(core, tmp_path)
    path = folder / "tutor.yaml"
    path.write_text(path.read_text().replace("{question}", "{questoin}", 1))
    with pytest.raises(ConfigError, match=r"unknown placeholder\(s\) \{questoin\}"):
        PromptBook.load(folder, _specs())


def test_missing_file_is_named(core, tmp_path):
    folder = _copy(core, tmp_path)
    (folder / "chat.yaml").unlink()
    with pytest.raises(ConfigError, match="prompt file missing: .*chat.yaml"):
        PromptBook.load(folder, _specs())


def test_wording_change_needs_no_code(core, tmp_path):
    folder = _copy(core, tmp_path)
    path = folder / "tutor.yaml"
    text = path.read_text().replace('answer_header: "From **{title}** by {author}:"',
                                    'answer_header: "Aus **{title}** von {author}:"')
    path.write_text(text)
    book = PromptBook.load(folder, _specs())
    assert book.render("tutor", "answer_header", title="T", author="A") == "Aus **T** von A:"
