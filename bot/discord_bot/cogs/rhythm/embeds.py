"""The rhythm's core results (question, reveal, digest, study path) rendered as embeds.

Every word comes from prompts/rhythm.yaml; this module decides layout and keeps each part within
Discord's limits (whole lines dropped rather than cut mid-word where a list is long). Members are
named as mentions, which never ping: the bot's default AllowedMentions is none, and the senders
pass it again where the text echoes people or essays.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

import discord

from bot.discord_bot.cogs.rhythm.components import LETTERS
from bot.discord_bot.limits import EMBED_DESCRIPTION, EMBED_FIELD_VALUE, fit, fit_embed
from bot.prompts import PromptSection
from bot.rhythm import digest as digest_text
from bot.rhythm.daily import DailyReveal, PreparedPost
from bot.rhythm.digest import Digest
from bot.rhythm.path import StudyPath, step_line, weakest_line
from bot.text import truncate

EMBED_QUOTE = 220
NEXT_SHOWN = 5   # steps listed under /next (and their Read buttons: one row)


def whole_lines(lines: Sequence[str], limit: int, sep: str = "\n") -> str:
    """As many whole entries as fit in `limit` characters."""
    out: list[str] = []
    size = 0
    for line in lines:
        line = fit(line, limit)
        extra = len(line) + (len(sep) if out else 0)
        if size + extra > limit:
            break
        out.append(line)
        size += extra
    return sep.join(out)


def day_label(day: str | dt.date) -> str:
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return f"{day:%A} {day.day} {day:%B}"


def timestamp(moment: dt.datetime, style: str = "R") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def question_embed(t: PromptSection, prepared: PreparedPost) -> discord.Embed:
    post, choice = prepared.post, prepared.choice
    reason = {"due": lambda: t("daily_reason_due", count=choice.members_due),
              "missed": lambda: t("daily_reason_missed", wrong=choice.wrong),
              "fresh": lambda: t("daily_reason_fresh"), "any": lambda: t("daily_reason_any")}[choice.reason]()
    closes = t("daily_closes_at", when=timestamp(post["closes_at"])) if post.get("closes_at") else t("daily_closes_next")
    embed = discord.Embed(title=t("daily_title", date=day_label(post["local_date"])),
                          description=f"{prepared.item.prompt}\n\n*{reason}* {closes}")
    if prepared.choices:
        embed.add_field(name=t("daily_choices"), inline=False,
                        value="\n".join(f"**{LETTERS[i]}**  {c}" for i, c in enumerate(prepared.choices)))
    embed.set_footer(text=t("daily_hint_choice" if prepared.choices else "daily_hint_typed"))
    return fit_embed(embed)


def reveal_embed(t: PromptSection, reveal: DailyReveal) -> discord.Embed:
    parts = []
    if reveal.item is not None:
        parts.append(t("daily_reveal_question", prompt=reveal.item.prompt))
        parts.append(t("daily_reveal_answer", answer=reveal.answer_text))
    if reveal.passage is not None:
        p = reveal.passage
        parts.append(t("daily_reveal_passage", quote=p.quote, author=p.author, title=p.title, paragraph=p.paragraph))
    embed = discord.Embed(title=t("daily_reveal_title", date=day_label(reveal.post["local_date"])),
                          description="\n\n".join(parts))
    if reveal.answered:
        lines = [t("daily_reveal_score", right=reveal.right, answered=reveal.answered)]
        names = ", ".join(f"<@{u}>" for u in reveal.named_right)
        if names and reveal.unnamed_right:
            lines.append(t("daily_reveal_named_more", names=names, count=reveal.unnamed_right))
        elif names:
            lines.append(t("daily_reveal_named", names=names))
        score = "\n".join(lines)
    else:
        score = t("daily_reveal_nobody")
    embed.add_field(name="\u200b", value=score, inline=False)
    return fit_embed(embed)


def digest_embed(t: PromptSection, digest: Digest) -> discord.Embed:
    start, end = digest.start, digest.end - dt.timedelta(seconds=1)
    topics = [t("digest_topic_line", title=x.title, paragraph=x.paragraph, count=x.count) for x in digest.topics]
    description = "\n".join([t("digest_asked", count=digest.questions_asked),
                             *(topics or ([t("digest_topics_none")] if not digest.questions_asked else []))])
    embed = discord.Embed(title=t("digest_title", start=f"{start.day} {start:%B}", end=f"{end.day} {end:%B}"),
                          description=fit(description, EMBED_DESCRIPTION))
    embed.add_field(name=t("digest_quiz_title"), value=digest_text.quiz_text(t, digest), inline=False)
    missed = []
    for entry in digest.missed:
        head = t("digest_missed_line", prompt=truncate(entry.prompt or entry.item_id, 150), answer=truncate(entry.answer, 80),
                 wrong=entry.wrong, attempts=entry.attempts)
        if entry.passage is not None:
            p = entry.passage
            head += "\n" + t("digest_missed_passage", quote=truncate(p.quote, EMBED_QUOTE), title=p.title,
                             paragraph=p.paragraph)
        missed.append(head)
    embed.add_field(name=t("digest_missed_title"), inline=False,
                    value=whole_lines(missed, EMBED_FIELD_VALUE) or t("digest_missed_none"))
    embed.add_field(name=t("digest_untouched_title"), inline=False,
                    value=whole_lines(digest_text.untouched_text(t, digest), EMBED_FIELD_VALUE) or t("digest_untouched_none"))
    leaders = [t("digest_leader_line", rank=r.rank, name=f"<@{r.user_id}>", points=r.points) for r in digest.leaders]
    embed.add_field(name=t("digest_leaders_title"), inline=False,
                    value=whole_lines(leaders, EMBED_FIELD_VALUE) or t("digest_leaders_none"))
    embed.set_footer(text=t("digest_footer"))
    return fit_embed(embed)


def next_embed(t: PromptSection, path: StudyPath) -> discord.Embed:
    if not path.steps:
        description = t("next_empty")
    else:
        lines = [step_line(t, s) for s in path.steps[:NEXT_SHOWN]]
        if len(path.steps) > NEXT_SHOWN:
            lines.append(t("next_more", count=len(path.steps) - NEXT_SHOWN))
        description = whole_lines(lines, EMBED_DESCRIPTION - 300)
    weakest = weakest_line(t, path)
    if weakest:
        description = f"{description}\n\n{weakest}"
    return fit_embed(discord.Embed(title=t("next_title"), description=description))
