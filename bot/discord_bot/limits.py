"""Discord's size limits, applied before sending so a long answer is split or trimmed cleanly
instead of being rejected with a 400 halfway through a conversation."""

from __future__ import annotations

import discord

from bot.text import truncate

MESSAGE_LIMIT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FIELDS = 25
EMBED_FOOTER = 2048
EMBED_AUTHOR = 256
EMBED_TOTAL = 6000
CHOICES = 25  # autocomplete choices
CHOICE_NAME = 100
BUTTON_LABEL = 80
SELECT_OPTION_LABEL = 100
MODAL_TITLE = 45


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split at paragraph, then line, then word boundaries; never return an empty chunk.

    A code fence cut in two is closed at the end of one chunk and reopened in the next, so
    Markdown renders the same on both sides of the cut.
    """
    text = text.strip()
    if not text:
        return []
    chunks: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            pos = window.rfind(sep)
            if pos > limit // 3:
                cut = pos + (1 if sep == ". " else 0)
                break
        if cut <= 0:
            cut = limit
        head, text = text[:cut].rstrip(), text[cut:].lstrip()
        if head.count("```") % 2 == 1:  # an open code fence: close it here, reopen after
            if len(head) + 4 > limit:
                head = head[: limit - 4]
            head += "\n```"
            text = "```\n" + text
        chunks.append(head)
    if text:
        chunks.append(text)
    return chunks


def fit(text: str, limit: int) -> str:
    return truncate(text.strip(), limit)


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Trim every part of an embed to its limit, then drop trailing fields until it fits 6,000."""
    if embed.title:
        embed.title = fit(embed.title, EMBED_TITLE)
    if embed.description:
        embed.description = fit(embed.description, EMBED_DESCRIPTION)
    if embed.footer and embed.footer.text:
        embed.set_footer(text=fit(embed.footer.text, EMBED_FOOTER), icon_url=embed.footer.icon_url)
    if embed.author and embed.author.name:
        embed.set_author(name=fit(embed.author.name, EMBED_AUTHOR), url=embed.author.url, icon_url=embed.author.icon_url)
    fields = [(fit(f.name or "-", EMBED_FIELD_NAME), fit(f.value or "-", EMBED_FIELD_VALUE), f.inline) for f in embed.fields]
    fields = fields[:EMBED_FIELDS]
    embed.clear_fields()
    for name, value, inline in fields:
        embed.add_field(name=name, value=value, inline=inline)
    while len(embed) > EMBED_TOTAL and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > EMBED_TOTAL and embed.description:
        embed.description = fit(embed.description, max(100, EMBED_DESCRIPTION - (len(embed) - EMBED_TOTAL)))
    return embed
