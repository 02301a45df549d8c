"""A long build on a terminal: one line that counts (reports done, the rate, the time left, the report at hand),
each skipped report on a line of its own with why, and a summary table at the end.

The words are the message catalogue's, said in English as everything on a terminal is. On a terminal the
count rewrites one line; in a log (not a terminal) it writes a line every few seconds.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from kg.graph.pipeline import FILES_UP_TO, Outcome, Step
from kg.messages import Count, message

LOG_EVERY = 10.0  # seconds between progress lines in a log


def _say(key: str, **values: object) -> str:
    return message(key, "en", **values)


def duration(seconds: float) -> str:
    """A time span as a person reads it.

    >>> duration(42.4), duration(1000)
    ('42 s', '16 min 40 s')
    """
    whole = round(seconds)
    return _say("build.seconds", n=whole) if whole < 60 else _say("build.minutes", m=whole // 60, s=whole % 60)


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else 0


class Progress:
    """Called with each :class:`Step`; ``stream`` is where it writes (standard error)."""

    def __init__(self, stream: TextIO | None = None, *, at_least: int = 10, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream or sys.stderr
        self.at_least = at_least
        self.clock = clock
        self.live = self.stream.isatty()
        self.last = -LOG_EVERY
        self.open_line = False

    def __call__(self, step: Step) -> None:
        if step.failed:
            self._end_line()
            self.stream.write(_say("build.skipped", report=step.path, reason=step.failed) + "\n")
        if step.total < self.at_least:
            return
        now = self.clock()
        finished = step.done == step.total
        if not self.live and not finished and now - self.last < LOG_EVERY:
            return
        self.last = now
        rate = step.done / step.elapsed if step.elapsed > 0 else 0.0
        left = (step.total - step.done) / rate if rate else 0.0
        text = _say(
            "build.progress",
            done=Count(step.done),
            total=Count(step.total),
            rate=f"{rate:.1f}",
            left=duration(left),
            report=Path(step.path).name,
        )
        if self.live:
            self.stream.write("\r\x1b[2K" + text)
            self.open_line = not finished
            if finished:
                self.stream.write("\n")
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def _end_line(self) -> None:
        if self.open_line:
            self.stream.write("\n")
            self.open_line = False


def summary(outcome: Outcome) -> str:
    """The table a build ends with: how many reports were built, unchanged, removed and skipped; the graph's size, where it is and how long it took."""
    built = len(outcome.built)
    rows = [
        (_say("build.summary.built"), f"{built:,}"),
        (_say("build.summary.unchanged"), f"{outcome.unchanged:,}"),
        (_say("build.summary.removed"), f"{len(outcome.removed):,}"),
        (_say("build.summary.skipped"), f"{len(outcome.failed):,}"),
        (_say("build.summary.triples"), f"{outcome.triples:,}"),
    ]
    if outcome.store is not None:
        rows.append((_say("build.summary.store"), str(outcome.store)))
        rows.append((_say("build.summary.disk"), f"{_size(outcome.store.resolve()) / 1e6:,.0f} MB"))
    files = ", ".join(p.name for p in outcome.files) or _say("build.summary.none", limit=FILES_UP_TO)
    rows.append((_say("build.summary.files"), files))
    rate = f"{built / outcome.seconds:.1f}" if outcome.seconds else "-"
    rows.append((_say("build.summary.time"), _say("build.summary.rate", seconds=duration(outcome.seconds), rate=rate)))
    width = max(len(name) for name, _ in rows)
    lines = [_say("build.summary.title"), *(f"  {name:<{width}}  {value}" for name, value in rows)]
    return "\n".join(lines)
