"""Progress charts as PNG bytes: accuracy and mastery over time, one line per essay.

Rendered with matplotlib's Agg backend (no display) in a worker thread, because drawing takes
tens of milliseconds of CPU that must not stall the event loop's heartbeats.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from typing import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")  # before pyplot: a headless server has no display

from matplotlib import dates as mdates  # after choosing the backend, above
from matplotlib.figure import Figure

from bot.progress.stats import HistoryPoint

MIN_DAYS_SHOWN = 7
HALF_DAY = dt.timedelta(hours=12)


def render_progress_chart(points: Sequence[HistoryPoint], titles: Mapping[str, str], *, heading: str = "") -> bytes:
    """Two panels sharing the date axis; `titles` maps essay slugs to display names."""
    fig = Figure(figsize=(7.5, 4.8), dpi=100)  # a Figure without pyplot: no global state, thread-safe
    acc_ax, mas_ax = fig.subplots(2, 1, sharex=True)
    essays = sorted({p.essay for p in points})
    for essay in essays:
        mine = sorted((p for p in points if p.essay == essay), key=lambda p: p.day)
        label = titles.get(essay, essay)
        with_acc = [p for p in mine if p.accuracy is not None]
        if with_acc:
            acc_ax.plot([p.day for p in with_acc], [100 * (p.accuracy or 0) for p in with_acc], marker="o", label=label)
        mas_ax.plot([p.day for p in mine], [100 * p.mastery for p in mine], marker="o", label=label)
    days = sorted({p.day for p in points})
    if days:
        # Pinned to the data, at least a week wide: left alone, matplotlib widens a single day to years.
        start = dt.datetime.combine(days[0], dt.time())
        end = max(dt.datetime.combine(days[-1], dt.time()), start + dt.timedelta(days=MIN_DAYS_SHOWN - 1))
        mas_ax.set_xlim(start - HALF_DAY, end + HALF_DAY)  # the axes share x: both panels follow
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        mas_ax.xaxis.set_major_locator(locator)
        mas_ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    acc_ax.set_ylabel("accuracy %")
    mas_ax.set_ylabel("mastery %")
    for ax in (acc_ax, mas_ax):
        ax.set_ylim(0, 105)
        ax.grid(alpha=0.3)
    if essays:
        acc_ax.legend(loc="lower left", fontsize="small")
    if heading:
        fig.suptitle(heading)
    fig.autofmt_xdate()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


async def progress_chart(points: Sequence[HistoryPoint], titles: Mapping[str, str], *, heading: str = "") -> bytes:
    return await asyncio.to_thread(render_progress_chart, list(points), dict(titles), heading=heading)
