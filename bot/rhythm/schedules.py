"""Setting a schedule: checking what a moderator typed and saying plainly what it will do.

The Discord cog calls `plan` with the raw options; bad input is a one-line `UserError` and changes
nothing. The plan carries the next occurrence and the daylight-saving days of the coming year
when the chosen time is skipped or shown twice, so the reply can say what happens on those days
before it happens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.errors import UserError
from bot.prompts import PromptSection
from bot.rhythm.timing import (
    WEEKDAYS,
    ClockChange,
    clock_changes,
    format_time,
    next_occurrence,
    parse_time,
    parse_timezone,
    parse_weekday,
)

MAX_CLOSE_HOURS = 23  # a question of the day closes before the next one at the latest
DST_NOTES = 2         # clock changes mentioned in a reply (the next two: spring and autumn)


@dataclass(frozen=True)
class Plan:
    kind: str
    local_time: str          # "HH:MM"
    timezone: str            # the IANA name as the zone spells it
    weekday: int | None
    close_minutes: int | None
    next_run_at: dt.datetime
    changes: list[ClockChange]


def plan(kind: str, *, time: str, timezone: str | None, now: dt.datetime, weekday: str | int | None = None,
         close_hours: int | None = None) -> Plan:
    at = parse_time(time)
    zone = parse_timezone(timezone)
    day = parse_weekday(weekday) if kind == "digest" else None
    if close_hours is not None and not 1 <= close_hours <= MAX_CLOSE_HOURS:
        raise UserError(f"hours must be 1 to {MAX_CLOSE_HOURS} (leave it out to reveal the answer with the next question)")
    upcoming = next_occurrence(now, at, zone, day)
    today = now.astimezone(zone).date()
    changes = [c for c in clock_changes(at, zone, today) if day is None or c.day.weekday() == day]
    return Plan(kind, format_time(at), str(zone.key), day, close_hours * 60 if close_hours else None, upcoming,
                changes[:DST_NOTES])


def dst_lines(t: PromptSection, changes: list[ClockChange], *, local_time: str, timezone: str) -> list[str]:
    """What happens on the days daylight saving touches the chosen time."""
    out = []
    for change in changes:
        date = change.day.strftime("%d %B %Y").lstrip("0")
        if change.skipped:
            out.append(t("schedule_dst_skipped", date=date, timezone=timezone, time=local_time,
                         posted=format_time(change.posted_at)))
        else:
            out.append(t("schedule_dst_repeated", date=date, timezone=timezone, time=local_time))
    return out


def weekday_name(day: int | None) -> str:
    return WEEKDAYS[day].capitalize() if day is not None else ""
