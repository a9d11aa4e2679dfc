"""One server's essay changes nothing in another server's answers, and an uploaded essay is
understood exactly as the seeds are (author, title, summary, terms) — nothing is special-cased
to the seed essays."""

from __future__ import annotations

import pytest

SERVER_A, SERVER_B = 7_001, 7_002
MODERATOR = 42

# An essay with words the seeds also use (sanctions, NATO, libertarians, realism), so pooled
# word statistics would move B's decisions if they leaked.
UPLOAD = """---
title: "Sanctions and the Quiet Realists"
short_title: "Quiet Realists"
author: "Maria Okonkwo-Bell"
published: 2024
---

# Sanctions and the Quiet Realists

Sanctions on Russia were meant to end the war quickly, but sanctions rarely end wars; they shift the costs onto civilians. NATO planners knew this and said so in private.

Libertarians and realists agree on little, yet both distrust open-ended sanctions regimes. The realist tradition treats sanctions as a signal, not a strategy.

What I call "ledger diplomacy" is the habit of counting sanctions as achievements whatever their effects. Ledger diplomacy flatters officials and fails the people it claims to help.

Maria Okonkwo-Bell teaches international relations at Example University and is the author of Quiet Power.
"""

QUESTIONS = [
    "what does rana say about sanctions", "realism?", "Does Walt mention NATO?", "What is Walt's main argument?",
    "why do libertarians hate liberal hegemony", "what is ledger diplomacy", "how do i make sourdough",
    "What causes inflation in an economy?", "How do Rana and Walt differ on NATO?", "Cato",
]


def _fingerprint(answer) -> tuple:
    return (answer.kind, answer.abstained, answer.answer, tuple((c.essay, c.paragraph, c.quote) for c in answer.citations),
            round(answer.best_cosine, 6), round(answer.coverage, 6))


async def _answers(core, guild: int, base_channel: int) -> list[tuple]:
    out = []
    for n, question in enumerate(QUESTIONS):
        answer = await core.tutor.ask(question, guild_id=guild, user_id=1, channel_id=base_channel + n, record=False)
        out.append(_fingerprint(answer))
    return out


@pytest.fixture
async def upload(core):
    essay = await core.library.add_essay_upload("quiet.md", UPLOAD.encode(), guild_id=SERVER_A, added_by=MODERATOR)
    try:
        yield essay
    finally:
        await core.library.remove_essay(essay.slug, guild_id=SERVER_A, actor_id=MODERATOR)


async def test_an_upload_in_one_server_leaves_anothers_answers_identical(core):
    before = await _answers(core, SERVER_B, 30_000)
    essay = await core.library.add_essay_upload("quiet.md", UPLOAD.encode(), guild_id=SERVER_A, added_by=MODERATOR)
    try:
        after = await _answers(core, SERVER_B, 31_000)
        in_a = await core.tutor.ask("what is ledger diplomacy", guild_id=SERVER_A, user_id=1, channel_id=32_000,
                                    record=False)
    finally:
        await core.library.remove_essay(essay.slug, guild_id=SERVER_A, actor_id=MODERATOR)
    assert after == before
    assert in_a.kind == "definition" and in_a.citations[0].essay == essay.slug  # and A does see it


async def test_an_uploaded_essay_is_understood_like_the_seeds(core, upload):
    ask = lambda q, n: core.tutor.ask(q, guild_id=SERVER_A, user_id=1, channel_id=33_000 + n, record=False)  # noqa: E731
    scoped = await ask("what does okonkwo-bell say about sanctions", 0)
    assert {c.essay for c in scoped.citations} == {upload.slug}
    summary = await ask("summarize the quiet realists essay", 1)
    assert summary.kind == "summary" and {c.essay for c in summary.citations} == {upload.slug}
    assert 4 not in {c.paragraph for c in summary.citations}  # its bio is metadata, as Rana's is
    author = await ask("who is maria okonkwo-bell", 2)
    assert author.kind == "author" and [(c.essay, c.paragraph) for c in author.citations] == [(upload.slug, 4)]
    silent = await ask("what does okonkwo-bell say about offshore balancing", 3)
    assert silent.kind == "not_in_named_essay" and silent.answer.startswith("Okonkwo-Bell's essay doesn't discuss")
    assert {c.essay for c in silent.citations} == {"walt-socialists-libertarians"}
    # Server B cannot see the upload: the name scopes nothing there and its term is not covered.
    elsewhere = await core.tutor.ask("what is ledger diplomacy", guild_id=SERVER_B, user_id=1, channel_id=33_010,
                                     record=False)
    assert elsewhere.kind == "not_covered" and elsewhere.citations == []
