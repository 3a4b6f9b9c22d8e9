"""Stage timings for the benchmark, at no cost to builds nobody is timing.

The pipeline marks the end of each stage with ``lap("stage")``; the time since the previous mark
is added to that stage. Marks do nothing unless a caller opened ``collect()`` in the same thread
(a context variable, so pool workers and threads never mix their figures). Unused, one ``lap``
is a function call and a context-variable read (about 0.1 µs, a handful per build), so the marks
stay in the pipeline for good.

    with timing.collect() as t:
        api.build(...)
    t  # {"extract": 0.12, "map": 0.03, ...} in seconds
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from time import perf_counter

__all__ = ["STAGES", "collect", "lap"]

#: Stage names the pipeline uses, in pipeline order (the benchmark prints them in this order).
STAGES = ("extract", "map", "assemble", "render", "schema check", "arelle", "outputs", "review")


class _Laps:
    __slots__ = ("clock", "into", "last")

    def __init__(self, into: dict[str, float], clock: Callable[[], float]) -> None:
        self.into = into
        self.clock = clock
        self.last = clock()


_active: ContextVar[_Laps | None] = ContextVar("disclose_timing", default=None)


def lap(stage: str) -> None:
    """Charge the time since the previous mark (or since collect() began) to `stage`."""
    laps = _active.get()
    if laps is None:
        return
    now = laps.clock()
    laps.into[stage] = laps.into.get(stage, 0.0) + (now - laps.last)
    laps.last = now


@contextmanager
def collect(into: dict[str, float] | None = None, *,
            clock: Callable[[], float] = perf_counter) -> Iterator[dict[str, float]]:
    """Collect stage times (seconds) of everything run inside the block into a dict.

    clock: time.perf_counter (wall, the default) or time.process_time (CPU of this process: on a
    shared machine it does not count the time other processes held the CPU).
    Time after the last mark is charged to "outputs" (writing files, moving the folder)."""
    found: dict[str, float] = {} if into is None else into
    token = _active.set(_Laps(found, clock))
    try:
        yield found
    finally:
        lap("outputs")
        _active.reset(token)
