"""Run a batch on Dask distributed: a local cluster of N worker processes, or an existing cluster.

Why Dask: an archive (every release of a season, years of seasons) outgrows one machine; a Dask
scheduler spreads the same per-release work over many. Each task is `worker.build_one`, the very
function a local pool runs, so a release's folder is byte-identical whichever executor built it.

How: a worker plugin warms every worker once when it joins (imports, taxonomy source, templates,
compiled schema, the trusted base taxonomy: `worker.warm_up`), so tasks are pure builds. Arelle
keeps per-process global state (one Session at a time), so builds inside one worker process are
serialised by a lock whatever its thread count. Paths are sent absolute: with an existing cluster
the workers must see the releases and the output folders at the same paths (a shared file
system). A task that raises or a worker that dies becomes a crashed release; the others go on.

Needs the `dask` extra (`pip install 'disclose[dask]'`).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from disclose.worker import EXIT_CRASH, Outcome, build_one, warm_up

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # the dask extra is not installed: run() says so
    WorkerPlugin = object  # type: ignore[misc,assignment]

__all__ = ["run"]

_lock = threading.Lock()  # one build at a time per worker process (Arelle's global state)


def _task(release: Path, profile: Path | None, out_dir: Path, options: dict[str, Any]) -> Outcome:
    with _lock:
        return build_one(release, profile, out_dir, options)


class WarmUp(WorkerPlugin):
    """Pays the release-independent start-up once per worker when it joins (see worker.warm_up)."""

    name = "disclose-warm-up"

    def setup(self, worker: Any) -> None:
        with _lock:
            warm_up()


def _client(scheduler: str | None, jobs: int) -> tuple[Any, Any]:
    """A client of the cluster at `scheduler`, or of a new local cluster of `jobs` processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    import dask

    # the workers' statistical profiler samples the deep Arelle stacks every 10 ms: ~8% of a build
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
    return Client(cluster), cluster


def run(paths: Sequence[Path], dirs: Sequence[Path], profile: Path | None, options: dict[str, Any], jobs: int,
        scheduler: str | None, done: Callable[[int, Outcome], None]) -> None:
    """Build each release of `paths` into the folder of `dirs` with the same index on Dask; call
    `done(index, outcome)` as each one finishes (in completion order)."""
    from disclose.text.decode import InputError

    try:
        from distributed import as_completed
    except ImportError:
        raise InputError("--executor dask needs Dask distributed: pip install 'disclose[dask]'") from None
    try:
        client, cluster = _client(scheduler, jobs)
    except (OSError, TimeoutError, ValueError) as e:
        raise InputError(f"cannot reach the Dask scheduler {scheduler}: {e}") from None
    try:
        client.register_plugin(WarmUp())
        prof = profile.absolute() if profile is not None else None
        futures = {client.submit(_task, Path(r).absolute(), prof, Path(d).absolute(), options, pure=False,
                                 key=f"disclose-build-{k}-{Path(r).name}"): k
                   for k, (r, d) in enumerate(zip(paths, dirs))}
        try:
            for fut in as_completed(futures):
                k = futures[fut]
                try:
                    o = fut.result()
                    outcome = Outcome(paths[k], dirs[k], o.exit_code, o.summary, o.seconds, o.facts)
                except Exception as e:  # noqa: BLE001 - the worker died, or the task could not run there
                    outcome = Outcome(paths[k], dirs[k], EXIT_CRASH, f"crash: worker failed: {e!r}", 0.0)
                done(k, outcome)
        except BaseException:
            client.cancel(list(futures))
            raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
