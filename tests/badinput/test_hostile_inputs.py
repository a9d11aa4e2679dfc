"""Named hostile inputs: each is refused with one clear line or handled without harm, and nothing
changes. Where Discord is involved, the offline harness records what would have been sent."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest
import pytest_asyncio

from bot.corpus.essay import decode_essay_bytes, parse_essay
from bot.errors import UserError
from bot.quiz.packs import parse_pack

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "discord"))
from harness import DiscordHarness  # noqa: E402

FIFTY_MB = 50 * 1024 * 1024
ALIAS_BOMB = """
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
items: [*h]
"""
GOOD_ITEM = ("items:\n  - id: ok-1\n    kind: true_false\n    essay: rana-left-internationalism\n"
             "    prompt: {prompt}\n    answer: 'true'\n")


def _refused(fn, *args, **kwargs) -> str:
    with pytest.raises(UserError) as info:
        fn(*args, **kwargs)
    text = str(info.value)
    assert text.strip() and "\n" not in text and "Traceback" not in text
    return text


def test_yaml_alias_bomb_is_refused_quickly():
    started = time.monotonic()
    text = _refused(parse_pack, ALIAS_BOMB, "bomb.yaml")
    assert time.monotonic() - started < 10  # expanding it would take minutes and gigabytes
    assert "alias" in text.lower()


def test_deeply_nested_yaml_is_refused():
    _refused(parse_pack, "items: " + "[" * 50_000 + "]" * 50_000, "deep.yaml")
    _refused(parse_pack, "items:\n" + "".join("  " * i + "- \n" for i in range(3_000)), "deep2.yaml")


def test_fifty_megabyte_pack_is_refused_before_parsing():
    data = b"items:\n" + b"  - id: x\n" * (FIFTY_MB // 10)
    text = _refused(parse_pack, data, "huge.yaml")
    assert "limit" in text or "bytes" in text


def test_invalid_utf8_everywhere():
    bad = b"items:\n  - id: \xff\xfe\xc3\x28\n"
    _refused(parse_pack, bad, "bad.yaml")
    _refused(parse_pack, b"question,answer\n\xc3\x28,\xa0\xa1\n", "bad.csv")
    _refused(decode_essay_bytes, b"# Title\n\nSome \xc3\x28 text\n", "bad.md")


def test_control_and_zero_width_characters_in_an_essay():
    _refused(decode_essay_bytes, b"# T\n\n\x00binary\x00\n", "nul.md")
    only_invisible = "\u200b\u200d\ufeff\u2060\n\n\u200b\u200b\n"
    _refused(parse_essay, only_invisible, name="invisible.md")
    essay = parse_essay("# A title\u200b\n\nA real paragraph with a zero\u200bwidth space and a bell \x07 in it.\n",
                        name="mixed.md")
    assert essay.paragraphs and "\x07" not in essay.paragraphs[0].text


def test_mentions_in_pack_items_are_kept_as_text():
    pack = parse_pack(GOOD_ITEM.format(prompt="'@everyone <@&123> is this true?'"), "m.yaml")
    assert pack.items[0].prompt.startswith("@everyone")  # stored as typed; never pings (see below)


async def test_question_of_100_kb_and_invisible_questions(core):
    before = (await core.store.check())["rows"]["answers"]
    _ = [_refused(core.library.validate_query, q) for q in ("x" * 100_000, "\u200b\u200d\ufeff", "\x00\x07 \t")]
    with pytest.raises(UserError):
        await core.tutor.ask("why " * 25_000, guild_id=1, channel_id=1, user_id=1)
    assert (await core.store.check())["rows"]["answers"] == before


async def test_fifty_megabyte_essay_upload_changes_nothing(core):
    essays = dict(core.library.essays)
    with pytest.raises(UserError) as info:
        await core.library.add_essay_upload("big.md", b"# Big\n\n" + b"word " * (FIFTY_MB // 5), guild_id=9, added_by=1)
    text = str(info.value)
    assert "limit" in text and "\n" not in text
    with pytest.raises(UserError):
        await core.library.add_essay_upload("bad.md", b"# T\n\n\xff\xfe broken", guild_id=9, added_by=1)
    with pytest.raises(UserError):
        await core.library.add_essay_upload("evil.exe", b"MZ\x90\x00", guild_id=9, added_by=1)
    assert core.library.essays == essays


# -- through Discord ---------------------------------------------------------------------------

@pytest_asyncio.fixture
async def harness(core):
    from bot.discord_bot.client import TutorBot

    settings = core.settings.model_copy(update={"discord": core.settings.discord.model_copy(
        update={"ask_cooldown_seconds": 0, "quiz_cooldown_seconds": 0})})
    h = DiscordHarness(TutorBot(settings, core=core))
    await h.start()
    yield h
    await h.close()


def _sent(h: DiscordHarness, since: int) -> list:
    return [r for r in h.recorder.requests[since:] if r.method in ("POST", "PATCH") and isinstance(r.json, dict)
            and ("content" in r.json or "embeds" in r.json or "data" in r.json)]


def _mentions(req) -> dict | None:
    body = req.json.get("data", req.json) if isinstance(req.json, dict) else {}
    return body.get("allowed_mentions") if isinstance(body, dict) else None


async def test_everyone_and_role_mentions_never_ping(harness, core):
    h = harness
    g = h.add_guild("Pings")
    h.add_member(g, "mod", moderator=True)  # the role the question tries to ping has a member
    ann = h.add_member(g, "ann")
    role = g.mod_role.id
    start = len(h.recorder.requests)
    res = await h.slash(ann, "ask", question=f"@everyone <@&{role}> @here why do libertarians dislike liberal hegemony?")
    assert res.messages, "the question is answered (or refused), not dropped"
    sent = _sent(h, start)
    assert sent
    for req in sent:
        allowed = _mentions(req)
        assert allowed is not None, f"{req.key} sent without allowed_mentions"
        assert allowed.get("parse") == [] and not allowed.get("roles") and not allowed.get("users"), allowed
    # The reply quotes the question, mentions included: so the pings above are what matters. The
    # requests that carried the mention text are exactly the ones that must not ping.
    carrying = [r for r in sent if "@everyone" in json.dumps(r.json) and f"<@&{role}>" in json.dumps(r.json)]
    assert carrying, "the answer quotes the question; if it no longer does, this test must check another echo"
    assert all(_mentions(r).get("parse") == [] for r in carrying)


async def test_hundred_kb_question_through_discord_is_refused_privately(harness, core):
    h = harness
    g = h.add_guild("Long")
    ann = h.add_member(g, "ann")
    before = (await core.store.check())["rows"]["answers"]
    res = await h.slash(ann, "ask", question="why " * 25_000)
    assert res.messages and all(m.ephemeral for m in res.messages)
    assert (await core.store.check())["rows"]["answers"] == before
