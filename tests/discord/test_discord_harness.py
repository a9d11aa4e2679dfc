"""The harness itself, proven on a tiny bot before any cog relies on it.

Each test drives the library's real parsing and dispatch and checks what went over the (fake)
wire; if the harness answered wrongly, discord.py itself would fail to build its objects.
"""

from __future__ import annotations

import re

import discord
import pytest
from discord import app_commands
from discord.ext import commands
from harness import DiscordHarness

pytestmark = pytest.mark.asyncio(loop_scope="session")



class Counter(discord.ui.DynamicItem[discord.ui.Button], template=r"count:(?P<n>\d+)"):
    """A persistent button: its state lives in the custom_id, so it survives a restart."""

    def __init__(self, n: int):
        super().__init__(discord.ui.Button(label=f"count {n}", custom_id=f"count:{n}"))
        self.n = n

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]):  # type: ignore[override]
        return cls(int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(Counter(self.n + 1))
        await interaction.response.edit_message(content=f"count is {self.n + 1}", view=view)


class NameModal(discord.ui.Modal, title="Your name"):
    name = discord.ui.TextInput(label="Name", custom_id="name", max_length=20)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"hello {self.name.value}", ephemeral=True)


class Tree(app_commands.CommandTree):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        if isinstance(error, app_commands.MissingPermissions):
            await interaction.response.send_message("moderators only", ephemeral=True)
        else:
            await interaction.response.send_message(f"failed: {type(getattr(error, 'original', error)).__name__}", ephemeral=True)


class TinyBot(commands.Bot):
    def __init__(self) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=discord.Intents.default(), tree_cls=Tree)
        self.setup_ran = False

    async def setup_hook(self) -> None:
        self.setup_ran = True
        self.add_dynamic_items(Counter)
        tree = self.tree

        @tree.command(description="pong")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong")

        @tree.command(description="echo")
        async def echo(interaction: discord.Interaction, text: str, private: bool = False) -> None:
            await interaction.response.send_message(text, ephemeral=private)

        @tree.command(description="who")
        async def who(interaction: discord.Interaction, member: discord.Member) -> None:
            me = interaction.user
            assert isinstance(me, discord.Member)
            await interaction.response.send_message(
                f"{member.display_name} in {interaction.guild.name}; caller manage_guild={interaction.permissions.manage_guild}"
            )

        @tree.command(description="upload")
        async def upload(interaction: discord.Interaction, file: discord.Attachment) -> None:
            data = await file.read()
            await interaction.response.send_message(f"{file.filename}: {len(data)} bytes, first line {data.splitlines()[0].decode()}")

        async def fruit_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
            fruits = ["apple", "apricot", "banana"]
            return [app_commands.Choice(name=f, value=f) for f in fruits if f.startswith(current)]

        @tree.command(description="pick")
        @app_commands.autocomplete(fruit=fruit_choices)
        async def pick(interaction: discord.Interaction, fruit: str) -> None:
            await interaction.response.send_message(fruit)

        group = app_commands.Group(name="admin", description="admin")

        @group.command(name="wipe", description="wipe")
        @app_commands.checks.has_permissions(manage_guild=True)
        async def wipe(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("wiped", ephemeral=True)

        tree.add_command(group)

        @tree.command(description="form")
        async def form(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(NameModal())

        @tree.command(description="counter")
        async def counter(interaction: discord.Interaction) -> None:
            view = discord.ui.View(timeout=None)
            view.add_item(Counter(0))
            await interaction.response.send_message("count is 0", view=view)

        @tree.command(description="thread")
        async def thread(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("starting a thread")
            message = await interaction.original_response()
            th = await message.create_thread(name="follow-ups")
            await th.send("in the thread")

        @tree.command(description="post")
        async def post(interaction: discord.Interaction) -> None:
            try:
                await interaction.channel.send("to the channel")
            except discord.HTTPException as exc:
                await interaction.response.send_message(f"discord said {exc.status}", ephemeral=True)
                return
            await interaction.response.send_message("posted", ephemeral=True)

        @tree.command(description="long")
        async def long(interaction: discord.Interaction, size: int) -> None:
            await interaction.response.send_message("x" * size)

        @tree.command(description="slow")
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.followup.send("first")  # replaces the "thinking" message, as on Discord
            await interaction.followup.send("part two", file=discord.File(__import__("io").BytesIO(b"PNG"), "chart.png"))
            await interaction.edit_original_response(content="part one")


@pytest.fixture
async def h():
    harness = DiscordHarness(TinyBot())
    await harness.start()
    yield harness
    await harness.close()
    harness.assert_all_handled()


async def test_login_runs_setup_hook_and_knows_the_application(h: DiscordHarness) -> None:
    assert h.bot.setup_ran
    assert h.bot.application_id == h.world.application_id
    assert h.bot.user.id == h.world.bot_user_id
    assert [r.key for r in h.requests] == ["GET /users/@me", "GET /oauth2/applications/@me"]


async def test_slash_command_answers_through_the_interaction_callback(h: DiscordHarness) -> None:
    g = h.add_guild()
    alice = h.add_member(g, "alice")
    res = await h.slash(alice, "ping")
    assert res.callback_type == 4
    assert res.message.content == "pong" and not res.ephemeral
    assert [r.key for r in res.requests] == ["POST /interactions/{webhook_id}/{webhook_token}/callback"]


async def test_options_and_ephemeral_flag(h: DiscordHarness) -> None:
    g = h.add_guild()
    alice = h.add_member(g, "alice")
    res = await h.slash(alice, "echo", text="secret", private=True)
    assert res.message.content == "secret" and res.ephemeral
    assert res.message.visible_to == alice.id


async def test_member_option_is_resolved_and_permissions_come_from_the_payload(h: DiscordHarness) -> None:
    g = h.add_guild("Alpha")
    alice = h.add_member(g, "alice", moderator=True)
    bob = h.add_member(g, "bob")
    res = await h.slash(alice, "who", member=bob)
    assert res.message.content == "bob in Alpha; caller manage_guild=True"
    res = await h.slash(bob, "who", member=alice)
    assert res.message.content.endswith("manage_guild=False")


async def test_attachment_bytes_are_served_from_memory(h: DiscordHarness) -> None:
    g = h.add_guild()
    alice = h.add_member(g, "alice")
    att = h.attachment("pack.yaml", "items:\n- q\n")
    res = await h.slash(alice, "upload", file=att)
    assert res.message.content == "pack.yaml: 11 bytes, first line items:"


async def test_autocomplete_returns_choices(h: DiscordHarness) -> None:
    g = h.add_guild()
    alice = h.add_member(g, "alice")
    res = await h.autocomplete(alice, "pick", "fruit", fruit="ap")
    assert [c["value"] for c in res.choices] == ["apple", "apricot"]


async def test_permission_check_denies_non_moderators(h: DiscordHarness) -> None:
    g = h.add_guild()
    mod = h.add_member(g, "mod", moderator=True)
    pleb = h.add_member(g, "pleb")
    assert (await h.slash(mod, "admin wipe")).message.content == "wiped"
    denied = await h.slash(pleb, "admin wipe")
    assert denied.message.content == "moderators only" and denied.ephemeral


async def test_modal_round_trip(h: DiscordHarness) -> None:
    g = h.add_guild()
    alice = h.add_member(g, "alice")
    opened = await h.slash(alice, "form")
    assert opened.callback_type == 9 and opened.modal["title"] == "Your name"
    done = await h.submit_modal(alice, opened, {"Name": "Alice"})
    assert done.message.content == "hello Alice" and done.ephemeral


async def test_persistent_button_updates_the_message_and_survives_a_restart(h: DiscordHarness) -> None:
    g = h.add_guild()
    alice = h.add_member(g, "alice")
    res = await h.slash(alice, "counter")
    msg = res.message
    pressed = await h.press(alice, msg, "count 0")
    assert pressed.callback_type == 7
    assert msg.content == "count is 1" and msg.button("count 1")
    await h.close()

    h2 = DiscordHarness(TinyBot(), after=h)  # a new process over the same Discord
    await h2.start()
    try:
        again = await h2.press(alice, msg, "count 1")
        assert msg.content == "count is 2" and again.callback_type == 7
    finally:
        await h2.close()


async def test_thread_creation_and_posting_inside_it(h: DiscordHarness) -> None:
    g = h.add_guild()
    alice = h.add_member(g, "alice")
    res = await h.slash(alice, "thread")
    keys = [r.key for r in res.requests]
    assert "POST /channels/{channel_id}/messages/{message_id}/threads" in keys
    thread_id = res.message.id  # a thread started from a message shares its id
    assert h.bot.get_channel(thread_id) is not None  # THREAD_CREATE reached the cache
    assert [m.content for m in h.recorder.channel_messages(thread_id)] == ["in the thread"]


async def test_defer_follow_up_with_file_and_edit_original(h: DiscordHarness) -> None:
    g = h.add_guild()
    alice = h.add_member(g, "alice")
    res = await h.slash(alice, "slow")
    assert res.callback_type == 5
    original, follow = res.messages
    assert original.content == "part one" and original.edits == 2  # filled by "first", then edited
    assert follow.content == "part two" and follow.files[0].filename == "chart.png" and follow.files[0].data == b"PNG"


async def test_two_guilds_resolve_to_their_own_guild_objects(h: DiscordHarness) -> None:
    a, b = h.add_guild("Alpha"), h.add_guild("Beta")
    alice, bob = h.add_member(a, "alice"), h.add_member(b, "bob")
    assert (await h.slash(alice, "who", member=alice)).message.content.startswith("alice in Alpha")
    assert (await h.slash(bob, "who", member=bob)).message.content.startswith("bob in Beta")


@pytest.mark.parametrize("status", [429, 503])
async def test_injected_http_failures_reach_the_bot(h: DiscordHarness, status: int) -> None:
    g = h.add_guild()
    alice = h.add_member(g, "alice")
    h.fail_next(status, method="POST", path="/channels/{channel_id}/messages")
    res = await h.slash(alice, "post")
    assert res.message.content == f"discord said {status}"
    assert [r.error for r in res.requests if r.via == "http"] == [status]
    ok = await h.slash(alice, "post")  # the fault was used up
    assert ok.message.content == "posted" and ok.channel_messages[0].content == "to the channel"


async def test_payloads_over_discord_limits_are_refused_like_discord_does(h: DiscordHarness) -> None:
    g = h.add_guild()
    alice = h.add_member(g, "alice")
    assert (await h.slash(alice, "long", size=2000)).message.content == "x" * 2000
    res = await h.slash(alice, "long", size=2001)
    assert [r.error for r in res.requests] == [400, None]  # refused, then the tree's error reply
    assert res.message.content == "failed: HTTPException"
    assert h.recorder.violations == ["POST /interactions/{webhook_id}/{webhook_token}/callback: content of 2001 characters (max 2000)"]
    h.recorder.violations.clear()  # seen; the fixture's teardown checks there are no others
