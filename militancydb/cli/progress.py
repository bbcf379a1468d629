"""The one progress bar of the command line (issue 15): on standard error, with the count
done, the total when known, the rate and the time; nothing at all when standard error is not
a terminal (a script, a pipe, a log file) or ``--quiet`` was given.

Core code never imports this module (nor rich): it accepts an optional callable and calls it
as work is done. A command opens :func:`progress_bar` and passes the bar on, as
``bar`` (a ``Callable[[int], None]`` that adds a count: exports, scale-ups) or
``bar.update_total`` (a ``Callable[[int, int | None], None]`` that sets the count and the
total: imports); :func:`track` wraps an iterable instead.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from militancydb.cli.common import quiet

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

T = TypeVar("T")


class Bar:
    """What a command hands to core code; does nothing when no bar is shown."""

    def __init__(self, progress: Progress | None = None, task: TaskID | None = None) -> None:
        self._progress, self._task = progress, task

    @property
    def shown(self) -> bool:
        """Whether a bar is drawn."""
        return self._progress is not None

    def __call__(self, count: int) -> None:
        """Add ``count`` to what is done."""
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, count)

    def update_total(self, done: int, total: int | None = None) -> None:
        """Set what is done (and the total, once it is known)."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=done, total=total)

    def describe(self, description: str) -> None:
        """Say what is being done now (a report's stage, say)."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=description)


def wanted(console: Console | None = None) -> bool:
    """Whether to draw a bar: a terminal on standard error and no ``--quiet``."""
    if quiet():
        return False
    if console is not None:
        return bool(console.is_terminal)
    return sys.stderr.isatty()


@contextmanager
def progress_bar(
    description: str, unit: str, *, total: int | None = None, console: Console | None = None
) -> Iterator[Bar]:
    """A bar for one piece of work counted in ``unit`` (rows, incidents, steps)."""
    if not wanted(console):
        yield Bar()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        _rate_column(unit),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
        transient=True,
    )
    with progress:
        yield Bar(progress, progress.add_task(description, total=total))


def track(
    items: Iterable[T], description: str, unit: str, *, total: int | None = None
) -> Iterator[T]:
    """``items``, with a bar advancing by one per item."""
    with progress_bar(description, unit, total=total) as bar:
        for item in items:
            yield item
            bar(1)


def _rate_column(unit: str) -> Any:
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class Rate(ProgressColumn):
        """Items a second, from rich's recent samples."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else f"{speed:,.0f} {unit}/s")

    return Rate()
