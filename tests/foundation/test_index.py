"""The on-disk index: embedding cache, incremental re-ingest, removal, server scopes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from foundation_support import CountingEmbedder

from bot.config import load_settings
from bot.errors import CorpusError, UserError
from bot.index.library import Library
from bot.store import Store

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def essays_dir(tmp_path) -> Path:
    folder = tmp_path / "essays"
    shutil.copytree(SEEDS, folder)
    return folder


async def open_library(tmp_path: Path, embedder: CountingEmbedder) -> Library:
    """A library over tmp_path/data whose uploads go to a progress store there (closed with it)."""
    settings = load_settings(environ={"TUTOR_DATA_DIR": str(tmp_path / "data")})

    async def provide():
        return embedder

    store = await Store.open(settings.progress_db)
    lib = await Library.open(settings, provide, uploads=store)
    close_index = lib.close

    async def close() -> None:
        await close_index()
        await store.close()

    lib.close = close  # type: ignore[method-assign]
    return lib


async def test_second_ingest_embeds_nothing_and_restart_reuses_the_cache(tmp_path, essays_dir):
    fake = CountingEmbedder()
    lib = await open_library(tmp_path, fake)
    first = await lib.ingest_folder(essays_dir)
    assert sorted(first.added) == ["rana-left-internationalism", "walt-socialists-libertarians"]
    assert first.chunks_embedded == len(fake.encoded) > 50
    fake.encoded.clear()
    second = await lib.ingest_folder(essays_dir)
    assert (second.added, second.changed, second.chunks_embedded) == ([], [], 0)
    assert sorted(second.unchanged) == ["rana-left-internationalism", "walt-socialists-libertarians"]
    await lib.close()

    # A restart builds the in-memory index from cached vectors: no encoding of chunks.
    lib = await open_library(tmp_path, fake)
    result = await lib.search("Cato Institute libertarian right", k=3)
    assert fake.encoded == ["Cato Institute libertarian right"]
    assert result.hits[0].essay == "walt-socialists-libertarians"
    await lib.close()


async def test_editing_one_paragraph_re_embeds_only_changed_chunks(tmp_path, essays_dir):
    fake = CountingEmbedder()
    lib = await open_library(tmp_path, fake)
    await lib.ingest_folder(essays_dir)
    fake.encoded.clear()
    walt = essays_dir / "walt-socialists-libertarians.md"
    walt.write_text(walt.read_text().replace("Cato Institute", "Mercatus Center"))
    report = await lib.ingest_folder(essays_dir)
    assert report.changed == ["walt-socialists-libertarians"]
    assert report.unchanged == ["rana-left-internationalism"]
    assert 1 <= report.chunks_embedded <= 2
    assert all("Mercatus" in text for text in fake.encoded)
    hit = (await lib.search("Mercatus Center", k=1, essay="walt-socialists-libertarians")).hits[0]
    assert "Mercatus Center" in hit.text and "Cato" not in hit.text
    await lib.close()


async def test_removing_a_file_removes_the_essay(tmp_path, essays_dir):
    lib = await open_library(tmp_path, CountingEmbedder())
    await lib.ingest_folder(essays_dir)
    (essays_dir / "walt-socialists-libertarians.md").unlink()
    report = await lib.ingest_folder(essays_dir)
    assert report.removed == ["walt-socialists-libertarians"]
    result = await lib.search("Cato Institute libertarians", k=5)
    assert {h.essay for h in result.hits} == {"rana-left-internationalism"}
    await lib.close()


async def test_a_new_model_does_not_reuse_another_models_vectors(tmp_path, essays_dir):
    lib = await open_library(tmp_path, CountingEmbedder("fake-a:64"))
    await lib.ingest_folder(essays_dir)
    await lib.close()
    other = CountingEmbedder("fake-b:64")
    lib = await open_library(tmp_path, other)
    await lib.search("anything at all", k=1)
    assert len(other.encoded) > 50  # every chunk re-embedded for the new model, plus the query
    await lib.close()


async def test_server_essays_stay_in_their_server(tmp_path, essays_dir):
    lib = await open_library(tmp_path, CountingEmbedder())
    await lib.ingest_folder(essays_dir)
    text = b"Penguin Policy\n\nEmperor penguins huddle in the Antarctic winter to share warmth.\n"
    essay = await lib.add_essay_upload("penguins.txt", text, guild_id=111, added_by=5)
    assert essay.title == "Penguin Policy"
    here = await lib.search("emperor penguins huddle", k=1, guild_id=111)
    assert here.hits[0].essay == essay.slug
    for scope in (222, 0, None):
        elsewhere = await lib.search("emperor penguins huddle", k=5, guild_id=scope)
        assert essay.slug not in {h.essay for h in elsewhere.hits}
    assert essay.slug not in {e.slug for e in lib.essays_for(222)}
    with pytest.raises(UserError):
        await lib.remove_essay(essay.slug, guild_id=222)
    with pytest.raises(UserError):
        await lib.search("penguins", guild_id=222, essay=essay.slug)
    await lib.remove_essay(essay.slug, guild_id=111)
    assert essay.slug not in lib.essays
    await lib.close()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("bad.txt", b"\xff\xfe\x00bad", "binary"),
        ("bad.txt", b"Title\n\ncaf\xe9", "not UTF-8"),
        ("bad.pdf", b"Title\n\nBody.", "only .txt and .md"),
        ("empty.md", b"# Title only\n", "no paragraphs"),
    ],
)
async def test_bad_uploads_change_nothing(tmp_path, essays_dir, name, data, message):
    lib = await open_library(tmp_path, CountingEmbedder())
    await lib.ingest_folder(essays_dir)
    before = dict(lib.essays)
    with pytest.raises(CorpusError, match=message):
        await lib.add_essay_upload(name, data, guild_id=1, added_by=2)
    assert lib.essays == before
    await lib.close()


@pytest.mark.parametrize("query, message", [("", "empty"), ("   \u200b ", "empty"), ("x" * 100_000, "limit")])
async def test_bad_queries(tmp_path, essays_dir, query, message):
    lib = await open_library(tmp_path, CountingEmbedder())
    await lib.ingest_folder(essays_dir)
    with pytest.raises(UserError, match=message):
        await lib.search(query)
    await lib.close()


async def test_missing_seeds_folder_changes_nothing(tmp_path, essays_dir):
    lib = await open_library(tmp_path, CountingEmbedder())
    await lib.ingest_folder(essays_dir)
    with pytest.raises(CorpusError, match="not found"):
        await lib.ingest_folder(tmp_path / "nowhere")
    assert len(lib.essays) == 2
    await lib.close()
