"""`tutorbot quiz generate --seed N --count K --review FILE.md [--json]`: seeded samples a teacher
can judge. The model owner is replaced by a stand-in that runs the same job in this process with
the bag-of-words encoder (the job itself is `bot.model.jobs.generate_items`)."""

from __future__ import annotations

import json
from types import SimpleNamespace

from quiz_support import FakeEncoder

from bot.cli import main


def _stand_in(monkeypatch):
    from bot.model import jobs as model_jobs
    from bot.model.embedding import Embedder

    encoder = FakeEncoder()

    class StandIn:
        """What the command asks of the model owner: indexing the seeds first, then the job."""
        model_id = "fake:bow"

        async def encode_async(self, texts, batch_size: int = 32):
            return encoder.encode(list(texts))

        async def chunk_async(self, essays, *, max_tokens: int, overlap: int):
            return model_jobs.chunk_essays(SimpleNamespace(count_tokens=lambda t: len(t.split())), essays,
                                           max_tokens, overlap)

        async def map_async(self, essays):
            return model_jobs.map_essays(SimpleNamespace(encode=encoder.encode), essays)

        async def generate_items(self, essays, slugs=None, **kwargs):
            return model_jobs.generate_items(SimpleNamespace(encode=encoder.encode), essays, slugs, **kwargs)

        def close(self):
            pass

    async def load(*args, **kwargs):
        return StandIn()

    monkeypatch.setattr(Embedder, "load_async", load)


def test_seeded_sample_and_review(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    _stand_in(monkeypatch)
    review = tmp_path / "seed7.md"
    assert main(["quiz", "generate", "--seed", "7", "--count", "12", "--fill", "--review", str(review), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["seed"] == 7 and len(out["items"]) == 12 and out["pool"] >= 12
    kinds = {i["generator_kind"] for i in out["items"]}
    assert len(kinds) >= 3
    for item in out["items"]:
        assert item["passage"] and 0 <= item["difficulty_signal"] <= 1 and item["origin"] == "generated"
    text = review.read_text(encoding="utf-8")
    assert text.startswith("# Generated quiz items: seed 7")
    assert text.count("**Passage**") == 12 and text.count("**Question:**") == 12
    assert main(["quiz", "generate", "--seed", "8", "--count", "12", "--fill", "--json"]) == 0
    other = json.loads(capsys.readouterr().out)
    assert [i["id"] for i in other["items"]] != [i["id"] for i in out["items"]]


def test_a_sample_leaves_out_the_kinds_teachers_keep_least_and_says_so(tmp_path, monkeypatch, capsys):
    """Without --fill, a sample the kept kinds cannot fill is short, and the command says why and
    how to have the rest (blind teachers, rounds 34-36: who 0 of 9 kept, choice blanks 2 of 15)."""
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    _stand_in(monkeypatch)
    review = tmp_path / "seed7.md"
    assert main(["quiz", "generate", "--seed", "7", "--count", "40", "--review", str(review), "--json"]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    kinds = {i["generator_kind"] for i in out["items"]}
    assert out["items"] and not kinds & {"who", "choice", "evidence", "author"}
    assert len(out["items"]) < 40 and out["pool"] > len(out["items"])
    assert f"{len(out['items'])} of 40 items drawn" in captured.err and "--fill adds them" in captured.err
    assert "Left out (kinds teachers keep least; `--fill` adds them): " in review.read_text(encoding="utf-8")


def test_count_must_be_positive(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    try:
        main(["quiz", "generate", "--count", "0"])
    except SystemExit as exc:
        assert exc.code == 2
    assert "must be 1 or more" in capsys.readouterr().err


def test_an_essay_ingested_from_elsewhere_gets_items(tmp_path, monkeypatch, capsys):
    """The command uses the essays the server sees, as `/quizitem generate` does: an essay a
    moderator indexed from outside seeds/ is generated from like a seed essay."""
    from sample_essays import LIBRARIES

    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    _stand_in(monkeypatch)
    path = tmp_path / "libraries.md"
    path.write_text(LIBRARIES, encoding="utf-8")
    assert main(["ingest", str(path)]) == 0
    capsys.readouterr()
    assert main(["quiz", "generate", "--essay", "libraries", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["items"] and {i["essay"] for i in out["items"]} == {"libraries"}
