"""Plain-text rendering of quiz events for `tutorbot chat` (and anything else without embeds).

Every word a person reads comes from `prompts/quiz.yaml`; this module only decides which
template to use and fills it in. The Discord adapter may render the same events its own way.
"""

from __future__ import annotations

import datetime as dt

from bot.prompts import PromptSection, prompt_spec
from bot.quiz.grading import MAX_ANSWER_CHARS, WHY, GradeResult
from bot.quiz.items import QuizItem
from bot.quiz.session import QuestionShown, SoloResult, SoloSummary, answer_text
from bot.text import truncate

_GRADE_FIELDS = {"target", "words", "similarity", "threshold", "answer", "limit"}

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
    "rejected_empty": set(),
    "rejected_guess_list": set(),
    "rejected_invalid_choice": {"letters"},
    "rejected_too_long": set(),
    "rejected_dont_know": set(),
    "reveal_explanation": {"explanation"},
    "reveal_citation": {"title", "paragraph"},
    "reveal_passage": {"sentence", "title", "author", "paragraph"},
    "reveal_read_hint": {"reader", "paragraph"},
    "near_miss": {"words"},
    "solo_correct": {"points", "answer"},
    "solo_correct_late": {"answer", "seconds"},
    "solo_correct_practice": {"answer"},
    "review_nothing_due": {"when"},
    "review_nothing_scheduled": set(),
    "reveal_hidden": set(),
    "final_winner": {"name", "score"},
    "pack_unknown": {"pack", "packs"},
    "pack_none": set(),
    "import_report": {"name", "total", "added", "replaced", "unchanged"},
    "import_renamed": {"count"},
    "import_pack_tag": {"tag"},
    "solo_wrong": {"answer"},
    "solo_skipped": {"answer"},
    "time_up": {"number", "seconds"},
    "solo_summary": {"correct", "asked", "score"},
    "solo_summary_misses": {"wrong", "skipped", "late"},
    "recap_title": {"count"},
    "recap_line": {"prompt", "answer", "citation"},
    "recap_citation": {"title", "paragraph"},
    "recap_more": {"count"},
    "item_preview": {"id", "kind_label", "essay", "paragraph", "prompt", "answer", "status"},
    "grade_correct": {"id", "rule", "detail"},
    "grade_wrong": {"id", "rule", "detail"},
    "grade_extra_note": {"words"},
    **{f"why_{code}": _GRADE_FIELDS for code in WHY},
})

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
    """Why an answer did not count (the player may answer again)."""
    if reason == "invalid_choice":
        return t("rejected_invalid_choice", letters=_letters(choices))
    return t(f"rejected_{reason}" if reason in ("guess_list", "too_long", "dont_know") else "rejected_empty")


def _citation(t: PromptSection, item: QuizItem, title: str = "") -> str:
    if not item.essay or item.paragraph is None:
        return ""
    return t("reveal_citation", title=title or item.essay, paragraph=item.paragraph)


def render_solo_result(t: PromptSection, result: SoloResult) -> str:
    if result.status == "rejected":
        return render_rejection(t, result.reason, len(result.item.choices) or (2 if result.item.kind == "true_false" else 0))
    if result.status == "correct":
        first = (t("solo_correct_late", answer=result.answer_text, seconds=result.seconds) if result.late
                 else t("solo_correct_practice", answer=result.answer_text) if result.practice
                 else t("solo_correct", points=result.points, answer=result.answer_text))
    elif result.status == "skipped":
        first = t("solo_skipped", answer=result.answer_text)
    else:
        first = t("solo_wrong", answer=result.answer_text)
    lines = [first]
    if result.needs:
        lines.append(t("near_miss", words=", ".join(result.needs)))
    if result.item.explanation:
        lines.append(t("reveal_explanation", explanation=result.item.explanation))
    passage = result.passage
    if passage is not None:  # after a miss: the passage itself, and how to read all of it
        lines.append(t("reveal_passage", sentence=passage.sentence, title=passage.title, author=passage.author,
                       paragraph=passage.paragraph))
        lines.append(t("reveal_read_hint", reader=passage.reader, paragraph=passage.paragraph))
    elif result.status != "correct" or result.late:
        lines.append(_citation(t, result.item))
    return "\n".join(line for line in lines if line)


def render_time_up(t: PromptSection, shown: QuestionShown) -> str:
    return t("time_up", number=shown.number, seconds=shown.seconds)


def render_solo_summary(t: PromptSection, summary: SoloSummary) -> str:
    """The score, then what was missed: each question with its answer and the paragraph to reread."""
    lines = [t("solo_summary", correct=summary.correct, asked=summary.asked, score=summary.score)]
    if summary.wrong or summary.skipped or summary.late:  # skips and late answers apart from wrong ones
        lines[0] += " " + t("solo_summary_misses", wrong=summary.wrong, skipped=summary.skipped, late=summary.late)
    recap = recap_lines(t, summary.missed, titles=summary.titles)
    if recap:
        lines += ["", t("recap_title", count=len(summary.missed)), *recap]
    return "\n".join(lines)


RECAP_LIMIT = 10


def recap_lines(t: PromptSection, missed: list[QuizItem], limit: int = RECAP_LIMIT, width: int | None = None,
                titles: dict[str, str] | None = None) -> list[str]:
    """One line per missed item (at most `limit`, then how many more); `width` shortens prompts.
    `titles` names each essay by its title (an essay id is never shown as a source)."""
    titles = titles or {}
    lines = []
    for item in missed[:limit]:
        citation = (t("recap_citation", title=titles.get(item.essay, item.essay), paragraph=item.paragraph)
                    if item.essay and item.paragraph is not None else "")
        prompt = truncate(" ".join(item.prompt.split()), width) if width else item.prompt
        lines.append(t("recap_line", prompt=prompt, answer=answer_text(item), citation=citation))
    if len(missed) > limit:
        lines.append(t("recap_more", count=len(missed) - limit))
    return lines


def render_item_preview(t: PromptSection, item: QuizItem, status: str = "") -> str:
    """A moderator's view of one item (answer included), e.g. to approve generated items."""
    text = t("item_preview", id=item.id, kind_label=kind_label(t, item.kind), essay=item.essay or "-",
             paragraph=item.paragraph or "-", prompt=item.prompt, answer=item.answer, status=status)
    if item.choices:
        text += "\n" + "\n".join(t("choice_line", letter=chr(ord("A") + i), choice=c) for i, c in enumerate(item.choices))
    return text


def render_grade_detail(t: PromptSection, result: GradeResult, *, threshold: float, item: QuizItem) -> str:
    """Why the grader decided as it did, in a moderator's words (`tutorbot quiz grade`, /quizitem test)."""
    why = result.decided_by if result.decided_by in WHY else ("exact" if result.correct else "wrong")
    text = t(f"why_{why}", target=result.target, words=", ".join(result.words),
             similarity=f"{result.similarity:.2f}" if result.similarity is not None else "-",
             threshold=f"{threshold:.2f}", answer=answer_text(item), limit=MAX_ANSWER_CHARS)
    if result.correct and result.words:
        text += " " + t("grade_extra_note", words=", ".join(result.words))
    return text


def render_grade(t: PromptSection, item: QuizItem, result: GradeResult, *, threshold: float) -> str:
    detail = render_grade_detail(t, result, threshold=threshold, item=item)
    key = "grade_correct" if result.correct else "grade_wrong"
    return t(key, id=item.id, rule=result.decided_by, detail=detail)


def render_nothing_due(t: PromptSection, next_due: dt.datetime | None, when: str | None = None) -> str:
    """Not an error: nothing to review yet, and when the next review is (`when` lets an adapter
    format the time its own way, such as a Discord timestamp)."""
    if next_due is None:
        return t("review_nothing_scheduled")
    return t("review_nothing_due", when=when or next_due.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
