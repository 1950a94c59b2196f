"""``wirework worker``: a process that only runs executions (no API, no triggers).

Embedded queue (default): claims rows from the executions table like the server's pool.
``WIREWORK_QUEUE_MODE=procrastinate`` (PostgreSQL): consumes procrastinate jobs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Annotated

import typer

log = logging.getLogger("wirework.worker")


async def run_worker(*, concurrency: int | None = None, grace: float = 30.0) -> None:
    from wirework.runtime import Runtime
    from wirework.runtime.procrastinate_queue import QUEUE, make_app
    from wirework.settings import get_settings
    from wirework.store import Database

    settings = get_settings()
    if concurrency:
        settings = settings.model_copy(update={"concurrency": concurrency})
    db = Database(settings.effective_database_url)
    await db.migrate()
    rt = Runtime(settings, db, role="worker")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await rt.start()
    log.info("worker %s started (%s queue, concurrency %d)", rt.owner, settings.queue_mode, settings.concurrency)
    try:
        if settings.queue_mode == "procrastinate":
            app = make_app(settings.effective_database_url, rt.runner.run_execution)
            async with app.open_async():
                task = asyncio.create_task(app.run_worker_async(
                    queues=[QUEUE], concurrency=settings.concurrency, name=rt.owner,
                    install_signal_handlers=False, delete_jobs="successful"))
                await stop.wait()
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await asyncio.wait_for(task, grace)
        else:
            await stop.wait()
            await _drain(rt, grace)
    finally:
        await rt.stop()
        await db.dispose()


async def _drain(rt: object, grace: float) -> None:
    """Stop claiming; give running executions ``grace`` seconds to finish."""
    pool = getattr(rt, "pool", None)
    if pool is not None:
        pool.stop_claiming()
    runner = rt.runner  # type: ignore[attr-defined]
    for _ in range(int(grace * 10)):
        if not runner.active:
            return
        await asyncio.sleep(0.1)


def register(app: typer.Typer) -> None:
    @app.command()
    def worker(
        concurrency: Annotated[int | None, typer.Option("--concurrency", "-c",
                                                        help="executions run at once (default WIREWORK_CONCURRENCY)")] = None,
    ) -> None:
        """Run executions from the queue (scale out: start several, on several machines)."""
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        asyncio.run(run_worker(concurrency=concurrency))
