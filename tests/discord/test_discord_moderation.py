"""Moderator commands through Discord: permissions, the item modal, imports and their failures,
generated items with approve/reject buttons, essays, server settings, and two servers kept apart."""

from __future__ import annotations

import pytest
import yaml
from harness import DiscordHarness

pytestmark = pytest.mark.asyncio(loop_scope="session")

GOOD_PACK = """\
title: Week 3
items:
  - id: wk3-backstop
    kind: cloze
    essay: rana-left-internationalism
    paragraph: 5
    prompt: Liberals see the United States as the ultimate ____ of global security.
    answer: backstop
  - id: wk3-yes
    kind: short_answer
    essay: walt-socialists-libertarians
    prompt: What word answers this test question?
    answer: yes
"""

RED_TRIVIA = """\
AUTHOR: Study group
What does Walt call the foreign policy establishment's grand strategy?:
- liberal hegemony
- liberal hegemony strategy
Which magazine published Rana's essay?:
- Dissent
"""


async def _own_items(h: DiscordHarness, guild) -> list[dict]:
    return await h.bot.core.store.list_items(guild.id, status=None, include_global=False)


async def test_moderator_commands_are_refused_to_learners(h: DiscordHarness, alpha) -> None:
    g, mod, ann, _ = alpha
    for command, options in [("quizitem list", {}), ("quizitem export", {}), ("tutor settings", {}),
                             ("quizitem add", {"kind": "short_answer", "essay": "rana-left-internationalism"}),
                             ("essay remove", {"essay": "rana-left-internationalism"})]:
        res = await h.slash(ann, command, **options)
        assert res.ephemeral and "Only moderators" in res.message.content, command
    assert await _own_items(h, g) == []


async def test_add_item_through_the_modal_then_show_edit_remove(h: DiscordHarness, alpha) -> None:
    g, mod, ann, _ = alpha
    opened = await h.slash(mod, "quizitem add", kind="multiple_choice", essay="walt-socialists-libertarians", paragraph=3)
    assert opened.modal["title"] == "New quiz question"
    done = await h.submit_modal(mod, opened, {
        "Question (cloze: write the blank as ___)": "Which grand strategy does Walt criticise?",
        "Answer (true/false items: true or false)": "liberal hegemony",
        "Choices, one per line (multiple choice)": "liberal hegemony\noffshore balancing\nisolationism",
        "Explanation shown after the answer": "Walt, paragraph 3.",
    })
    assert done.ephemeral and "Added question" in done.message.content
    (record,) = await _own_items(h, g)
    assert record["kind"] == "multiple_choice" and record["choices"][1] == "offshore balancing" and record["paragraph"] == 3
    item_id = record["id"]

    shown = await h.slash(mod, "quizitem show", item=item_id)
    assert shown.ephemeral and "Which grand strategy" in shown.message.text and "walt-socialists-libertarians ¶3" in shown.message.text
    card = shown.message.embeds[0]
    assert card["title"] == f"{item_id} · multiple choice · active"
    # The card names its parts plainly (not with the form's input hints).
    assert [f["name"] for f in card["fields"]] == ["Answer", "Choices", "Explanation", "Cites"]

    edit = await h.slash(mod, "quizitem edit", item=item_id)
    fields = {c["custom_id"]: c for row in edit.modal["components"] for c in row["components"]}
    assert any(c.get("value") == "liberal hegemony" for c in fields.values())  # prefilled
    saved = await h.submit_modal(mod, edit, {
        "Question (cloze: write the blank as ___)": "Which grand strategy does Walt attack?",
        "Answer (true/false items: true or false)": "liberal hegemony",
        "Choices, one per line (multiple choice)": "liberal hegemony\nrestraint",
    })
    assert "Saved question" in saved.message.content
    (record,) = await _own_items(h, g)
    assert record["prompt"] == "Which grand strategy does Walt attack?" and record["choices"] == ["liberal hegemony", "restraint"]

    removed = await h.slash(mod, "quizitem remove", item=item_id)
    assert "Removed question" in removed.message.content and await _own_items(h, g) == []


async def test_invalid_modal_item_is_refused_with_the_field_named(h: DiscordHarness, alpha) -> None:
    g, mod, _, _ = alpha
    opened = await h.slash(mod, "quizitem add", kind="multiple_choice", essay="walt-socialists-libertarians")
    res = await h.submit_modal(mod, opened, {
        "Question (cloze: write the blank as ___)": "Which one?",
        "Answer (true/false items: true or false)": "neither",
        "Choices, one per line (multiple choice)": "this\nthat",
    })
    assert res.ephemeral and "answer" in res.message.content and "choices" in res.message.content
    assert await _own_items(h, g) == []


async def test_import_yaml_and_red_trivia(h: DiscordHarness, alpha) -> None:
    g, mod, _, _ = alpha
    res = await h.slash(mod, "quizitem import", file=h.attachment("week3.yaml", GOOD_PACK))
    assert res.ephemeral and "Imported 2 question(s) from week3.yaml" in res.text
    by_id = {r["id"]: r for r in await _own_items(h, g)}
    assert by_id["wk3-yes"]["answer"] == "yes"  # YAML's yes stays text, not True
    red = await h.slash(mod, "quizitem import", file=h.attachment("trivia.yaml", RED_TRIVIA),
                        essay="walt-socialists-libertarians")
    assert "Imported 2 question(s)" in red.text
    assert len(await _own_items(h, g)) == 4


@pytest.mark.parametrize("filename, data, expected", [
    ("big.yaml", "items: []\n" + "#" * 1_100_000, "the limit is 1,000,000 bytes"),
    ("pack.json", '{"items": []}', "not a file I accept here"),
    ("latin1.yaml", "items:\n  - prompt: caf\xe9\n".encode("latin-1"), "not UTF-8"),
    ("broken.yaml", GOOD_PACK.replace("answer: backstop", "answer: ''"), "wk3-backstop"),
    ("noessay.yaml", "items:\n  - kind: short_answer\n    prompt: What is it?\n    answer: it\n", "names no essay"),
    ("wrongessay.yaml", GOOD_PACK.replace("essay: rana-left-internationalism", "essay: nope"), "No essay with the id 'nope'"),
])
async def test_bad_imports_change_nothing(h: DiscordHarness, alpha, filename, data, expected) -> None:
    g, mod, _, _ = alpha
    res = await h.slash(mod, "quizitem import", file=h.attachment(filename, data))
    assert res.ephemeral and expected in res.text
    assert len(res.text.splitlines()) == 1
    assert await _own_items(h, g) == []


async def test_export_round_trips_the_server_items(h: DiscordHarness, alpha) -> None:
    g, mod, _, _ = alpha
    await h.slash(mod, "quizitem import", file=h.attachment("week3.yaml", GOOD_PACK))
    res = await h.slash(mod, "quizitem export")
    (sent,) = res.message.files
    exported = yaml.safe_load(sent.data.decode("utf-8"))
    assert sorted(i["id"] for i in exported["items"]) == ["wk3-backstop", "wk3-yes"]
    again = await h.slash(mod, "quizitem import", file=h.attachment("quiz-pack.yaml", sent.data))
    assert "Imported 2" in again.text and len(await _own_items(h, g)) == 2


async def test_list_and_item_autocomplete_show_only_this_server(h: DiscordHarness) -> None:
    a, b = h.add_guild("Alpha"), h.add_guild("Beta")
    mod_a, mod_b = h.add_member(a, "moda", moderator=True), h.add_member(b, "modb", moderator=True)
    await h.slash(mod_a, "quizitem import", file=h.attachment("week3.yaml", GOOD_PACK))
    listed_a = await h.slash(mod_a, "quizitem list")
    assert "wk3-backstop" in listed_a.text
    listed_b = await h.slash(mod_b, "quizitem list")
    assert "wk3-backstop" not in listed_b.text and "No questions here" in listed_b.text
    assert [c["value"] for c in (await h.autocomplete(mod_a, "quizitem show", "item", item="wk3")).choices] == ["wk3-backstop", "wk3-yes"]
    assert (await h.autocomplete(mod_b, "quizitem show", "item", item="wk3")).choices == []
    stolen = await h.slash(mod_b, "quizitem remove", item="wk3-backstop")
    assert stolen.ephemeral and "no quiz item wk3-backstop in this server" in stolen.text
    shown = await h.slash(mod_b, "quizitem show", item="wk3-backstop")
    assert "No quiz question wk3-backstop" in shown.text
    assert len(await _own_items(h, a)) == 2


async def test_generate_then_approve_and_reject(h: DiscordHarness, alpha) -> None:
    g, mod, ann, _ = alpha
    res = await h.slash(mod, "quizitem generate", essay="walt-socialists-libertarians", count=3)
    assert "Generated" in res.message.content and "pending" in res.message.content
    previews = res.messages[1:]
    assert len(previews) >= 2
    pending = [r for r in await _own_items(h, g) if r["status"] == "pending"]
    assert len(pending) == len(previews) and all(r["origin"] == "generated" for r in pending)
    denied = await h.press(ann, previews[0], "Approve")
    assert "Only moderators" in denied.message.content
    first_id, first_kind, first_status = previews[0].embeds[0]["title"].split(" · ")
    second_id = previews[1].embeds[0]["title"].split(" · ")[0]
    assert first_status == "pending"
    approved = await h.press(mod, previews[0], "Approve")
    assert approved.callback_type == 7 and "approved" in previews[0].content and not previews[0].buttons
    assert previews[0].embeds[0]["title"] == f"{first_id} · {first_kind} · active"  # the card follows the change
    await h.press(mod, previews[1], "Reject")
    assert previews[1].embeds[0]["title"].endswith(" · removed") and not previews[1].buttons
    by_id = {r["id"]: r for r in await _own_items(h, g)}
    assert by_id[first_id]["status"] == "active" and second_id not in by_id


async def test_essay_add_is_per_server_and_bad_uploads_are_refused(h: DiscordHarness) -> None:
    a, b = h.add_guild("Alpha"), h.add_guild("Beta")
    mod_a, mod_b = h.add_member(a, "moda", moderator=True), h.add_member(b, "modb", moderator=True)
    text = "---\ntitle: A Short Test Essay\nauthor: Test Author\npublished: 2024\n---\n\n" + \
           "\n\n".join(f"Paragraph {n} says something about solidarity and institutions." for n in range(1, 6))
    for filename, data, expected in [
        ("essay.pdf", b"%PDF", "not a file I accept here"),
        ("essay.md", "x" * 1_100_000, "the limit is 1,000,000 bytes"),
        ("essay.md", b"\xff\xfe bad bytes", "UTF-8"),
        ("empty.md", "   \n\n  ", "no paragraphs of text"),
    ]:
        bad = await h.slash(mod_a, "essay add", file=h.attachment(filename, data))
        assert bad.ephemeral and expected in bad.text, filename
    library = h.bot.core.library
    before = set(library.essays)
    res = await h.slash(mod_a, "essay add", file=h.attachment("short.md", text))
    assert "Added **A Short Test Essay**" in res.text
    (slug,) = set(library.essays) - before
    try:
        assert "A Short Test Essay" in (await h.slash(mod_a, "essays")).message.text
        assert "A Short Test Essay" not in (await h.slash(mod_b, "essays")).message.text
        choices_b = await h.autocomplete(mod_b, "essay remove", "essay", essay="short")
        assert choices_b.choices == []
        refused = await h.slash(mod_b, "essay remove", essay=slug)
        assert refused.ephemeral and slug in library.essays
    finally:
        removed = await h.slash(mod_a, "essay remove", essay=slug)
    assert "Removed" in removed.text and slug not in library.essays


async def test_settings_moderator_role_and_quiz_channels(h: DiscordHarness) -> None:
    g = h.add_guild()
    owner = h.add_member(g, "owner", moderator=True)
    tutors = h.add_role(g, "Tutors")
    helper = h.add_member(g, "helper", roles=[tutors])
    assert "Only moderators" in (await h.slash(helper, "quizitem list")).text
    res = await h.slash(owner, "tutor settings", moderator_role=tutors)
    assert res.ephemeral and f"<@&{tutors.id}>" in res.text
    assert "Quiz questions" in (await h.slash(helper, "quizitem list")).message.text  # the role now moderates
    quiz_room = h.add_channel(g, "quiz-room")
    res = await h.slash(owner, "tutor settings", add_quiz_channel=quiz_room, quiz_questions=3, quiz_seconds=15)
    assert f"<#{quiz_room.id}>" in res.text and "3 questions, 15 s each" in res.text
    refused = await h.slash(helper, "quiz start")
    assert refused.ephemeral and "Quizzes run only in" in refused.text
    started = await h.slash(helper, "quiz start", channel=quiz_room)
    assert "3 question(s), 15 s each" in started.message.content
    await h.slash(helper, "quiz stop", channel=quiz_room)
    bad = await h.slash(owner, "tutor settings", quiz_seconds=1)
    assert bad.ephemeral and "between 5 and 300" in bad.text
    assert (await h.bot.core.store.get_guild_settings(g.id))["quiz_seconds"] == 15
    everyone = await h.slash(owner, "tutor settings", moderator_role=g.everyone)
    assert "@everyone cannot be the moderator role" in everyone.text

    reset = await h.slash(owner, "tutor settings", remove_quiz_channel=quiz_room, clear_moderator_role=True)
    assert "any channel" in reset.text and "the role: none" in reset.text
    assert "Only moderators" in (await h.slash(helper, "quizitem list")).text
    shown = await h.slash(owner, "tutor settings")  # no options: just show
    assert shown.message.content == "" and "3 questions, 15 s each" in shown.text


async def test_tutor_audit_shows_this_servers_changes_and_most_missed_questions(h: DiscordHarness) -> None:
    a, b = h.add_guild("Alpha"), h.add_guild("Beta")
    mod_a, ann = h.add_member(a, "mod", moderator=True), h.add_member(a, "ann")
    mod_b = h.add_member(b, "modb", moderator=True)
    assert "Imported 2" in (await h.slash(mod_a, "quizitem import", file=h.attachment("week3.yaml", GOOD_PACK))).text
    await h.slash(mod_a, "tutor settings", quiz_seconds=45)
    await h.slash(mod_b, "tutor settings", quiz_questions=7)  # Beta's change must not show in Alpha
    store = h.bot.core.store
    for correct in (False, False, True):  # wk3-backstop: missed 2 of 3
        await store.record_attempt(a.id, ann.id, "wk3-backstop", essay="rana-left-internationalism", correct=correct,
                                   answer="x", response_ms=2000, time_limit_s=20)

    refused = await h.slash(ann, "tutor audit")
    assert refused.ephemeral and "Only moderators" in refused.message.content
    res = await h.slash(mod_a, "tutor audit")
    assert res.ephemeral
    embed = res.message.embeds[0]
    changes = embed["description"].splitlines()
    assert len(changes) == 2  # newest first
    assert changes[0].endswith(f" · <@{mod_a.id}> · settings.update settings (quiz_seconds=45)")
    assert changes[0].startswith("<t:") and f" · <@{mod_a.id}> · items.import " in changes[1]
    assert "quiz_questions" not in embed["description"] and f"<@{mod_b.id}>" not in res.message.text
    (missed,) = embed["fields"]
    assert missed["name"] == "Most missed questions"
    assert missed["value"] == ("`wk3-backstop` · rana-left-internationalism · missed 2 of 3 (67%): "
                               "Liberals see the United States as the ultimate _____ of global security.")
    allowed = res.callback["data"]["allowed_mentions"]  # entries name members: shown, never pinged
    assert allowed["parse"] == [] and not allowed.get("users") and not allowed.get("roles")

    empty = await h.slash(mod_b, "tutor audit", entries=1)
    assert empty.message.embeds[0]["fields"][0]["value"] == "No question has been missed yet."
    assert empty.message.embeds[0]["description"].count("\n") == 0  # one entry asked for, one shown


async def test_a_refusal_names_the_moderator_role_in_a_whole_sentence(h: DiscordHarness) -> None:
    g = h.add_guild()
    owner, ann = h.add_member(g, "owner", moderator=True), h.add_member(g, "ann")
    plain = await h.slash(ann, "quizitem list")
    assert plain.message.content == "Only moderators can do that: people with the Manage Server permission."
    tutors = h.add_role(g, "Tutors")
    await h.slash(owner, "tutor settings", moderator_role=tutors)
    named = await h.slash(ann, "quizitem list")  # used to read "...permissionor the <@&id> role."
    assert named.message.content == ("Only moderators can do that: people with the Manage Server permission "
                                      f"or the <@&{tutors.id}> role.")


async def test_essay_map_shows_roles_and_links_to_moderators_only(h, alpha) -> None:
    """/essay map: a moderator checks what the tutor reads as each sentence's part; members cannot."""
    g, mod, ann, _ = alpha
    denied = await h.slash(ann, "essay map", essay="walt-socialists-libertarians", paragraph=10)
    assert denied.ephemeral and "moderator" in denied.message.content.lower()
    shown = await h.slash(mod, "essay map", essay="walt-socialists-libertarians", paragraph=10)
    text = shown.message.content
    assert shown.message.ephemeral and "¶10" in text and "10.1 concession" in text
    assert "10.2" in text and "¶9" not in text  # that paragraph only
    overview = await h.slash(mod, "essay map", essay="walt-socialists-libertarians")
    assert "roles:" in overview.message.content and "lists:" in overview.message.content
    assert "paragraph:N" in overview.message.content
    wrong = await h.slash(mod, "essay map", essay="walt-socialists-libertarians", paragraph=99)
    assert wrong.ephemeral and "has 10 paragraphs" in wrong.message.content
