"""Quiz sessions: group (a channel plays together), solo and review (one learner, private).

All three are transport-agnostic: the Discord adapter, `tutorbot chat` and the tests drive the
same objects. Time comes from an injected `Clock` and question order from an injected
`random.Random`, so a test with `FakeClock` replays a whole game exactly without sleeping.

Group session, for an adapter:

    session = GroupSession(store, items, guild_id=g, channel_id=c, started_by=u,
                           settings=GroupSettings.from_settings(settings.quiz, questions=5),
                           grader=Grader(embedder), clock=clock, rng=random.Random(),
                           on_event=send_to_channel)          # or omit and read session.events
    await session.start()                                     # raises UserError if the channel is busy
    result = await session.submit(user_id, "Ada", 2)          # choice index, letter or typed text
    final = await session.stop(user_id, is_moderator=False)   # or: final = await session.wait()

Events, in order per question: `QuestionShown`, then per player `AnswerLocked` (counted,
correctness hidden until the reveal) or `AnswerRejected` (empty answer, guess list, bad choice:
they may answer again), then `QuestionRevealed`; finally one `SessionEnded` with the board.
Every locked answer is written with `store.record_attempt` (committed) before its event is
emitted and before `submit` returns, so nothing a player was told can be lost.

Points and the leaderboard (the leaderboard sums the points recorded with each attempt):
- group quizzes earn full points (speed plus streak bonus): everyone plays the same questions
  live, and a channel's quiz avoids the items of its last few quizzes;
- a solo quiz earns points only for an item the learner has never answered right before in this
  server; replaying items they already know is practice: it counts for progress (accuracy,
  spaced repetition) but adds no leaderboard points, so replaying cannot farm points;
- review sessions are practice by definition: progress, no leaderboard points;
- in every mode an answer after the time shown is graded and recorded but earns no points and
  ends the streak, as the closed question of a group quiz would; `quiz.streak_bonus` applies
  in every mode.

Choosing questions (`pick_items`): never two items from the same source sentence (a generated
cloze and its multiple-choice twin share their prompt) or about the same answer in the same
paragraph, never an item whose answer another chosen item's prompt shows, and items seen in the
player's (or channel's) last few quizzes only when nothing else is left.

The package, by role: `store` (what a session needs of the store), `events` (what it tells the
adapter), `selection` (which items it asks), `timing` (clock sleeps and the solo timer), `board`
(points, streaks and standings), then the sessions themselves: `group` and `solo`. Each module
imports only those listed before it, and from outside the package only `bot.quiz`'s items,
grading, feedback and scoring, `bot.clock` and `bot.errors`. This `__init__` re-exports what the
adapters (the Discord cogs, `tutorbot chat`, the daily rhythm) use.
"""

from bot.quiz.session.events import (
    AnswerLocked,
    AnswerRejected,
    QuestionRevealed,
    QuestionShown,
    SessionEnded,
    SoloResult,
    SoloSummary,
    answer_text,
)
from bot.quiz.session.group import GroupSession, GroupSettings, SessionRegistry
from bot.quiz.session.selection import EssayNotFound, find_essay, load_pool, pick_items, recently_asked, twins
from bot.quiz.session.solo import NothingDue, SoloSession, review_session, solo_session
from bot.quiz.session.store import QuizStore

__all__ = [
    "AnswerLocked", "AnswerRejected", "QuestionRevealed", "QuestionShown", "SessionEnded", "SoloResult", "SoloSummary",
    "answer_text", "GroupSession", "GroupSettings", "SessionRegistry", "EssayNotFound", "find_essay", "load_pool",
    "pick_items", "recently_asked", "twins", "NothingDue", "SoloSession", "review_session", "solo_session", "QuizStore",
]
