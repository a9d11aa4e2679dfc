"""Plain-text rendering of quiz events for `tutorbot chat` (and anything else without embeds).

Every word a person reads comes from `prompts/quiz.yaml`; this module only decides which
template to use and fills it in. The Discord adapter may render the same events its own way.
"""

from __future__ import annotations

from bot.prompts import PromptSection, prompt_spec
from bot.quiz.items import QuizItem
from bot.quiz.session import (AnswerLocked, AnswerRejected, QuestionRevealed, QuestionShown, SessionEnded,
                              SoloResult, SoloSummary, Standing, SubmitResult)

QUIZ_PROMPTS = prompt_spec("quiz", {
    "question_header": {"number", "total", "kind_label", "seconds"},
    "question_prompt": {"prompt"},
    "choice_line": {"letter", "choice"},
    "typed_hint": set(),
    "choice_hint": {"letters"},
    "kind_multiple_choice": set(),
    "kind_true_false": set(),
    "kind_short_answer": set(),
    "kind_cloze": set(),
    "result_correct": {"points", "bonus_note"},
    "result_wrong": set(),
    "result_already": set(),
    "result_closed": set(),
    "bonus_note": {"bonus"},
    "rejected_empty": set(),
    "rejected_guess_list": set(),
    "rejected_invalid_choice": {"letters"},
    "rejected_too_long": set(),
    "locked_public": {"name", "answered"},
    "reveal_answer": {"answer"},
    "reveal_who": {"names"},
    "reveal_nobody": set(),
    "reveal_explanation": {"explanation"},
    "reveal_citation": {"essay", "paragraph"},
    "solo_correct": {"points", "answer"},
    "solo_wrong": {"answer"},
    "board_title_completed": set(),
    "board_title_stopped": {"name"},
    "board_title_idle": set(),
    "board_title_error": set(),
    "board_line": {"rank", "medal", "name", "score", "correct", "answered"},
    "board_empty": set(),
    "solo_summary": {"correct", "asked", "score"},
    "item_preview": {"id", "kind_label", "essay", "paragraph", "prompt", "answer", "status"},
})

_MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}


def _letters(count: int) -> str:
    return ", ".join(chr(ord("A") + i) for i in range(count))


def kind_label(t: PromptSection, kind: str) -> str:
    return t(f"kind_{kind}")


def render_question(t: PromptSection, event: QuestionShown) -> str:
    lines = [
        t("question_header", number=event.number, total=event.total, kind_label=kind_label(t, event.item.kind),
          seconds=event.seconds),
        t("question_prompt", prompt=event.item.prompt),
    ]
    for index, choice in enumerate(event.choices):
        lines.append(t("choice_line", letter=chr(ord("A") + index), choice=choice))
    lines.append(t("choice_hint", letters=_letters(len(event.choices))) if event.choices else t("typed_hint"))
    return "\n".join(line for line in lines if line)


def render_rejection(t: PromptSection, reason: str | None, choices: int = 0) -> str:
    if reason == "invalid_choice":
        return t("rejected_invalid_choice", letters=_letters(choices))
    if reason in ("empty", "guess_list", "too_long"):
        return t(f"rejected_{reason}")
    return t("result_wrong")


def render_submit(t: PromptSection, result: SubmitResult, choices: int = 0) -> str:
    """What one player sees privately after answering in a group quiz."""
    if result.status == "correct":
        bonus = t("bonus_note", bonus=result.bonus) if result.bonus else ""
        return t("result_correct", points=result.points, bonus_note=bonus)
    if result.status == "wrong":
        return t("result_wrong")
    if result.status == "already_answered":
        return t("result_already")
    if result.status == "closed":
        return t("result_closed")
    return render_rejection(t, result.reason, choices)


def render_locked(t: PromptSection, event: AnswerLocked) -> str:
    return t("locked_public", name=event.display_name, answered=event.answered)


def render_rejected(t: PromptSection, event: AnswerRejected) -> str:
    return render_rejection(t, event.reason)


def _citation(t: PromptSection, item: QuizItem) -> str:
    if not item.essay or item.paragraph is None:
        return ""
    return t("reveal_citation", essay=item.essay, paragraph=item.paragraph)


def render_reveal(t: PromptSection, event: QuestionRevealed) -> str:
    lines = [t("reveal_answer", answer=event.answer_text)]
    if event.correct_players:
        lines.append(t("reveal_who", names=", ".join(p.display_name for p in event.correct_players)))
    else:
        lines.append(t("reveal_nobody"))
    if event.item.explanation:
        lines.append(t("reveal_explanation", explanation=event.item.explanation))
    lines.append(_citation(t, event.item))
    return "\n".join(line for line in lines if line)


def render_solo_result(t: PromptSection, result: SoloResult) -> str:
    if result.status == "rejected":
        return render_rejection(t, result.reason, len(result.item.choices) or (2 if result.item.kind == "true_false" else 0))
    lines = [t("solo_correct", points=result.points, answer=result.answer_text) if result.status == "correct"
             else t("solo_wrong", answer=result.answer_text)]
    if result.item.explanation:
        lines.append(t("reveal_explanation", explanation=result.item.explanation))
    lines.append(_citation(t, result.item))
    return "\n".join(line for line in lines if line)


def render_board(t: PromptSection, event: SessionEnded, stopped_by_name: str = "") -> str:
    if event.reason == "stopped":
        title = t("board_title_stopped", name=stopped_by_name or str(event.stopped_by or ""))
    else:
        title = t(f"board_title_{event.reason}")
    lines = [title]
    lines += [_board_line(t, s) for s in event.board] or [t("board_empty")]
    return "\n".join(lines)


def _board_line(t: PromptSection, s: Standing) -> str:
    return t("board_line", rank=s.rank, medal=_MEDALS.get(s.rank, ""), name=s.display_name, score=s.score,
             correct=s.correct, answered=s.answered)


def render_solo_summary(t: PromptSection, summary: SoloSummary) -> str:
    return t("solo_summary", correct=summary.correct, asked=summary.asked, score=summary.score)


def render_item_preview(t: PromptSection, item: QuizItem, status: str = "") -> str:
    """A moderator's view of one item (answer included), e.g. to approve generated items."""
    text = t("item_preview", id=item.id, kind_label=kind_label(t, item.kind), essay=item.essay or "-",
             paragraph=item.paragraph or "-", prompt=item.prompt, answer=item.answer, status=status)
    if item.choices:
        text += "\n" + "\n".join(t("choice_line", letter=chr(ord("A") + i), choice=c) for i, c in enumerate(item.choices))
    return text
