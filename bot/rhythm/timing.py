"""Local times on a server's clock: parsing what a moderator typed, and the UTC instants it means.

Why this is its own module: a schedule is "09:00 in Europe/Berlin", but the scheduler compares
instants. Every conversion goes through here, so daylight-saving rules are decided once:

- A time the clock skips (02:30 on the night clocks jump from 02:00 to 03:00) is posted as many
  minutes after the jump as it was planned after 02:00, i.e. at 03:30 that day: Python's `fold=0`
  reading, which keeps the post on the same local day.
- A time the clock shows twice (02:30 on the night clocks go back) is posted at the first of the
  two.
- A missed occurrence (the bot was down) is made up only on the same local day; `latest_occurrence`
  and `next_occurrence` give the scheduler the two instants it needs to decide.

Timezones are IANA names read with `zoneinfo` (the `tzdata` package supplies them where the
system has none, as in slim containers). A wrong name is a one-line `UserError` with the closest
real names.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import zoneinfo
from dataclasses import dataclass

from bot.errors import UserError

UTC = dt.timezone.utc
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*$", re.I)
MAX_SCAN_DAYS = 8  # a weekly schedule recurs within 7 days; one more covers the day we start on


@functools.lru_cache(maxsize=1)
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def zone_names() -> tuple[str, ...]:
    """Every IANA zone name this machine knows (for autocomplete and suggestions)."""
    return _zone_names()


@functools.lru_cache(maxsize=1024)
def parse_timezone(name: str | None) -> zoneinfo.ZoneInfo:
    """An IANA zone ("Europe/Berlin", "America/New_York", "UTC"); a clear line for anything else."""
    text = (name or "").strip()
    if not text:
        return zoneinfo.ZoneInfo("UTC")
    if len(text) > 64 or ".." in text or text.startswith("/"):
        raise UserError(f"'{text[:64]}' is not a timezone name; use one like Europe/Berlin or America/New_York")
    names = _zone_names()
    lookup = {n.lower(): n for n in names}
    exact = lookup.get(text.lower().replace(" ", "_"))
    if exact is None:
        close = difflib.get_close_matches(text.lower().replace(" ", "_"), list(lookup), n=3, cutoff=0.8)
        hint = f"; did you mean {', '.join(lookup[c] for c in close)}?" if close else \
            "; use a name like Europe/Berlin, America/New_York or UTC"
        raise UserError(f"unknown timezone '{text}'{hint}")
    try:
        return zoneinfo.ZoneInfo(exact)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise UserError(f"unknown timezone '{text}'; use a name like Europe/Berlin or UTC") from None


def parse_time(text: str | None) -> dt.time:
    """"09:00", "9:30", "21.15", "9pm", "9:30am" -> a time of day (minutes only)."""
    raw = (text or "").strip()
    match = _TIME.match(raw)
    if not match:
        raise UserError(f"time must look like 09:00, 21:30 or 9pm (got '{raw[:20]}')")
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower().replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            raise UserError(f"with am/pm the hour must be 1 to 12 (got '{raw[:20]}')")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise UserError(f"time must be between 00:00 and 23:59 (got '{raw[:20]}')")
    return dt.time(hour, minute)


def format_time(moment: dt.time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def parse_weekday(text: str | int | None) -> int:
    """"monday", "Mon", 0 -> 0 (Monday) ... 6 (Sunday)."""
    if isinstance(text, int) and not isinstance(text, bool):
        if 0 <= text <= 6:
            return text
        raise UserError("the day must be 0 (Monday) to 6 (Sunday)")
    raw = text.strip().lower() if isinstance(text, str) else ""
    hits = [n for n, day in enumerate(WEEKDAYS) if raw and day.startswith(raw[:3]) and day.startswith(raw)]
    if len(raw) < 2 or len(hits) != 1:
        raise UserError(f"the day must be a weekday name such as monday or sun (got '{raw[:20]}')")
    return hits[0]


def occurrence_on(day: dt.date, at: dt.time, zone: dt.tzinfo) -> dt.datetime:
    """The UTC instant `at` o'clock on local `day` (skipped times: after the jump; repeated: the first)."""
    local = dt.datetime.combine(day, at).replace(tzinfo=zone, fold=0)
    return local.astimezone(UTC)


def _matches(day: dt.date, weekday: int | None) -> bool:
    return weekday is None or day.weekday() == weekday


def next_occurrence(after: dt.datetime, at: dt.time, zone: dt.tzinfo, weekday: int | None = None) -> dt.datetime:
    """The first occurrence strictly after `after` (daily, or weekly on `weekday`)."""
    start = after.astimezone(zone).date() - dt.timedelta(days=1)  # a jump can move a local day's time back
    for offset in range(MAX_SCAN_DAYS + 2):
        day = start + dt.timedelta(days=offset)
        if _matches(day, weekday):
            moment = occurrence_on(day, at, zone)
            if moment > after:
                return moment
    raise AssertionError("no occurrence within 9 days")  # pragma: no cover - a week always has one


def latest_occurrence(upto: dt.datetime, at: dt.time, zone: dt.tzinfo, weekday: int | None = None) -> dt.datetime:
    """The last occurrence at or before `upto`."""
    start = upto.astimezone(zone).date() + dt.timedelta(days=1)
    for offset in range(MAX_SCAN_DAYS + 2):
        day = start - dt.timedelta(days=offset)
        if _matches(day, weekday):
            moment = occurrence_on(day, at, zone)
            if moment <= upto:
                return moment
    raise AssertionError("no occurrence within 9 days")  # pragma: no cover


def local_date(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    return moment.astimezone(zone).date()


@dataclass(frozen=True)
class ClockChange:
    """A day in the coming year when `at` is skipped or shown twice in a zone."""

    day: dt.date
    skipped: bool          # True: the clock jumps over `at`; False: it shows `at` twice
    posted_at: dt.time     # the local time the post is made that day


def clock_changes(at: dt.time, zone: dt.tzinfo, start: dt.date, days: int = 366) -> list[ClockChange]:
    """Days within `days` of `start` when daylight saving makes `at` ambiguous in `zone`, and
    what happens then; what a moderator is told when setting a schedule."""
    out: list[ClockChange] = []
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        naive = dt.datetime.combine(day, at)
        first = naive.replace(tzinfo=zone, fold=0)
        second = naive.replace(tzinfo=zone, fold=1)
        if first.utcoffset() == second.utcoffset():
            continue
        shown = first.astimezone(UTC).astimezone(zone)
        skipped = shown.replace(tzinfo=None) != naive
        out.append(ClockChange(day, skipped, shown.time().replace(second=0, microsecond=0)))
    return out
