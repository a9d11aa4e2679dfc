"""The quiz engine's events and results as embeds and lines: questions, reveals, the final board,
a private answer's verdict and a private quiz's summary.

Every word comes from prompts (the `discord` section for the bot's own, `quiz` for the engine's,
shared with the terminal chat); this module decides the layout and keeps each embed within
Discord's limits. Nothing here looks anything up: the cog passes the essay citation (`source`).
"""

from __future__ import annotations

from typing import Any

import discord

from bot.discord_bot.cogs.quiz.components import LETTERS
from bot.discord_bot.limits import fit, fit_embed
from bot.prompts import PromptSection
from bot.quiz.format import recap_lines
from bot.quiz.session import QuestionRevealed, QuestionShown, SessionEnded, SoloResult

MEDALS = ("🥇", "🥈", "🥉")
RECAP_PROMPT = 100  # characters of each missed question in an end-of-quiz recap (an embed field holds 1,024)


def question_embed(texts: PromptSection, shown: QuestionShown, *, group: bool, kind: str = "solo",
                   typed_messages: bool = False) -> discord.Embed:
    """A question; in a channel with its deadline and how to answer (`typed_messages`: the bot
    reads typed answers, with the Message Content intent)."""
    title_key = "quiz_question_title" if group or kind == "solo" else "review_question_title"
    embed = discord.Embed(title=texts(title_key, number=shown.number, total=shown.total),
                          description=shown.item.prompt)
    if shown.choices:
        embed.add_field(name=texts("quiz_choices"), inline=False,
                        value="\n".join(f"**{LETTERS[i]}**  {c}" for i, c in enumerate(shown.choices)))
    if group:
        ends = f"<t:{int(shown.deadline.timestamp())}:R>"
        hint = texts("quiz_hint_typed_messages" if shown.typed and typed_messages
                     else "quiz_hint_typed" if shown.typed else "quiz_hint_choice")
        embed.add_field(name=texts("quiz_time"), value=texts("quiz_ends", ends=ends, seconds=shown.seconds), inline=False)
        embed.set_footer(text=hint)
    return fit_embed(embed)


def reveal_embed(texts: PromptSection, quiz_texts: PromptSection, event: QuestionRevealed, source: str) -> discord.Embed:
    """The answer to a group question, who got it, and the standings; `source` cites the essay."""
    answer = f"||{event.answer_text}||" if event.spoiler else event.answer_text
    description = (texts("quiz_reveal_answer", answer=answer) if event.answer_shown
                   else quiz_texts("reveal_hidden"))
    embed = discord.Embed(title=texts("quiz_reveal_title", number=event.number, total=event.total),
                          description=description)
    if event.correct_players:
        who = ", ".join(f"<@{p.user_id}> (+{p.points})" for p in event.correct_players)
    else:
        who = texts("quiz_reveal_nobody")
    embed.add_field(name=texts("quiz_reveal_who"), value=who, inline=False)
    if event.item.explanation and event.answer_shown:
        explanation = f"||{event.item.explanation}||" if event.spoiler else event.item.explanation
        embed.add_field(name=texts("quiz_explanation"), value=explanation, inline=False)
    if source:
        embed.add_field(name=texts("quiz_source"), value=source, inline=False)
    if event.standings:
        embed.add_field(name=texts("quiz_standings"), inline=False, value="\n".join(
            texts("quiz_standing_line", rank=s.rank, name=f"<@{s.user_id}>", score=s.score)
            for s in event.standings[:10]))
    return fit_embed(embed)


def final_embed(texts: PromptSection, quiz_texts: PromptSection, event: SessionEnded) -> discord.Embed:
    reason = {"completed": texts("quiz_end_completed"), "idle": texts("quiz_end_idle"),
              "stopped": texts("quiz_end_stopped", user=f"<@{event.stopped_by}>" if event.stopped_by else "?"),
              "error": texts("quiz_end_error")}[event.reason]
    embed = discord.Embed(title=texts("quiz_final_title"), description=reason)
    if not event.board:
        embed.add_field(name=texts("quiz_final_board"), value=texts("quiz_final_empty"), inline=False)
    else:
        lines = []
        for s in event.board:
            medal = MEDALS[s.rank - 1] if s.rank <= 3 else f"{s.rank}."
            lines.append(texts("quiz_final_line", medal=medal, name=f"<@{s.user_id}>", score=s.score,
                               correct=s.correct, answered=s.answered))
        embed.add_field(name=texts("quiz_final_board"), value="\n".join(lines), inline=False)
    if event.winner is not None:
        best = next((s for s in event.board if s.user_id == event.winner), None)
        embed.description = f"{embed.description}\n{quiz_texts('final_winner', name=f'<@{event.winner}>', score=best.correct if best else '?')}"
    if event.missed:
        embed.add_field(name=quiz_texts("recap_title", count=len(event.missed)), inline=False,
                        value="\n".join(recap_lines(quiz_texts, event.missed, width=RECAP_PROMPT,
                                                     titles=event.titles)))
    return fit_embed(embed)


def solo_result_embed(texts: PromptSection, quiz_texts: PromptSection, result: SoloResult, source: str, *,
                      kind: str = "solo") -> discord.Embed:
    """A private answer's verdict; after a miss the passage itself, else `source` cites the essay."""
    title_key = "review_question_title" if kind == "review" else "quiz_question_title"
    if result.status == "correct" and result.late:
        head = quiz_texts("solo_correct_late", answer=result.answer_text, seconds=result.seconds)
    elif result.status == "correct" and result.practice:
        head = quiz_texts("solo_correct_practice", answer=result.answer_text)
    elif result.status == "correct":
        head = texts("solo_correct", answer=result.answer_text, points=result.points)
    elif result.status == "skipped" or not result.given:
        head = texts("solo_skipped", answer=result.answer_text)
    else:
        head = texts("solo_wrong", answer=result.answer_text, given=fit(result.given, 200))
    if result.needs:
        head += "\n" + texts("quiz_needs", words=", ".join(result.needs))
    embed = discord.Embed(title=texts(title_key, number=result.number, total=result.total),
                          description=f"{result.item.prompt}\n\n{head}")
    if result.item.explanation:
        embed.add_field(name=texts("quiz_explanation"), value=result.item.explanation, inline=False)
    passage = result.passage
    if passage is not None:  # after a miss: the passage itself, with title, author and paragraph
        embed.add_field(name=texts("quiz_passage_field"), inline=False, value=texts(
            "quiz_passage", sentence=passage.sentence, title=passage.title, author=passage.author,
            paragraph=passage.paragraph))
    elif source:
        embed.add_field(name=texts("quiz_source"), value=source, inline=False)
    return fit_embed(embed)


def solo_summary_embed(texts: PromptSection, quiz_texts: PromptSection, summary: Any) -> discord.Embed:
    embed = discord.Embed(title=texts("solo_summary_title"),
                          description=texts("solo_summary", correct=summary.correct, asked=summary.asked,
                                            score=summary.score, wrong=summary.wrong, skipped=summary.skipped,
                                            late=summary.late))
    if summary.missed:  # what was missed, with the answer and the paragraph to read
        embed.add_field(name=texts("solo_missed"), inline=False,
                        value="\n".join(recap_lines(quiz_texts, summary.missed, limit=5, width=RECAP_PROMPT,
                                                     titles=summary.titles)))
    return fit_embed(embed)


def rejection(texts: PromptSection, reason: str | None) -> str:
    """Why an answer was not taken, in a line."""
    key = {"empty": "quiz_reject_empty", "guess_list": "quiz_reject_guess_list",
           "invalid_choice": "quiz_reject_invalid_choice", "too_long": "quiz_reject_too_long",
           "dont_know": "quiz_reject_dont_know"}.get(reason or "")
    return texts(key or "quiz_reject_other")
