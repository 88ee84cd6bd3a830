"""The one export browser of a process: kaleido's Chromium, kept alive and healed.

Chart images (PNG, SVG, the charts in a brief) are drawn by kaleido in the system
Chromium. One browser per process is started on first use and reused; requests are
served one at a time. Its lifecycle is bounded at every step:

- health check before every request (its thread and its Chromium process are alive); a
  dead browser is replaced by a new one on the next request, within seconds;
- while a chart is drawn, the Chromium process is watched: if it dies, the request fails
  at once with a clear reason (and the next request starts a new one); if it does not
  answer within RENDER_TIMEOUT_S, it is killed and the request fails;
- a browser that cannot be started fails the request with the reason; requests in the
  next RETRY_AFTER_S fail at once with the same reason instead of each waiting;
- shutdown kills the Chromium process group and waits at most CLOSE_TIMEOUT_S for
  kaleido to tidy up, so it never hangs on a dead or frozen browser.

kaleido's own process-wide "sync server" is not used: it waits without bound on a
browser that has died and cannot be restarted in the same process.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

import kaleido

_log = logging.getLogger(__name__)
RENDER_TIMEOUT_S = 30.0  # one chart; the slowest here take about 1 s
START_TIMEOUT_S = 30.0
CLOSE_TIMEOUT_S = 5.0
RETRY_AFTER_S = 10.0  # after a failed start, fail at once for this long
POLL_S = 0.2  # how often a running request checks that Chromium is alive
ALSO_WORKS = "Interactive HTML, CSV and XLSX downloads work without it."


class ImagesUnavailable(RuntimeError):
    """Chart images cannot be drawn here (no browser, or the export browser failed)."""


class ExportBrowser:
    """One kaleido browser on its own event-loop thread, with a bounded lifecycle."""

    def __init__(self, options: Callable[[], dict[str, Any]]) -> None:
        # options(): kaleido.Kaleido keyword arguments (path, proxy, ...) at start time.
        self._options = options
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._failed: tuple[float, str] | None = None
        self.starts = 0
        self.last_problem: tuple[float, str] | None = None  # for "why did that fail?"

    # -- requests ----------------------------------------------------------------------

    def calc_fig(self, fig: Any, opts: dict, topojson: str | None) -> bytes:
        """The figure as image bytes; ImagesUnavailable with the reason if it cannot be."""
        if not self._lock.acquire(timeout=RENDER_TIMEOUT_S + START_TIMEOUT_S):
            raise ImagesUnavailable(
                f"The chart-image browser is busy with other charts; try again. {ALSO_WORKS}"
            )
        try:
            self._ensure_running()
            data = self._wait(self._submit(fig, opts, topojson))
        except ImagesUnavailable as exc:
            self.last_problem = (time.monotonic(), str(exc))
            raise
        finally:
            self._lock.release()
        self.last_problem = None
        return data

    def recent_problem(self, within_s: float = 120.0) -> str:
        """Why the last request failed, if it failed in the last `within_s` seconds."""
        if self.last_problem and time.monotonic() - self.last_problem[0] < within_s:
            return self.last_problem[1]
        return ""

    def _submit(self, fig: Any, opts: dict, topojson: str | None) -> concurrent.futures.Future:
        coro = self._kaleido.calc_fig(fig, opts=opts, topojson=topojson)
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def _wait(self, job: concurrent.futures.Future) -> bytes:
        deadline = time.monotonic() + RENDER_TIMEOUT_S
        while True:
            try:
                return job.result(timeout=POLL_S)
            except concurrent.futures.TimeoutError:
                if not self.alive():
                    job.cancel()
                    self._discard()
                    raise ImagesUnavailable(
                        "The chart-image browser stopped while drawing this chart; a new one "
                        f"is started with the next request, so try again. {ALSO_WORKS}"
                    ) from None
                if time.monotonic() > deadline:
                    job.cancel()
                    self._discard()
                    raise ImagesUnavailable(
                        "The chart-image browser did not finish this chart within "
                        f"{RENDER_TIMEOUT_S:.0f} s and was stopped; a new one is started with "
                        f"the next request, so try again. {ALSO_WORKS}"
                    ) from None
            except concurrent.futures.CancelledError:
                self._discard()
                raise ImagesUnavailable(
                    f"The chart-image browser stopped while drawing this chart. {ALSO_WORKS}"
                ) from None
            except Exception as exc:  # noqa: BLE001 - kaleido/choreographer raise many types
                died = not self.alive()
                if died:
                    self._discard()
                what = "stopped while drawing this chart" if died else "could not draw it"
                _log.warning("chart image failed: %s", exc)  # details (paths) for the log only
                raise ImagesUnavailable(
                    f"The chart-image browser {what} ({type(exc).__name__}). {ALSO_WORKS}"
                ) from exc

    # -- lifecycle ---------------------------------------------------------------------

    def alive(self) -> bool:
        """Its thread runs and its Chromium process has not exited."""
        proc = getattr(self._kaleido, "subprocess", None)
        return (
            self._thread is not None
            and self._thread.is_alive()
            and proc is not None
            and proc.poll() is None
        )

    def pid(self) -> int | None:
        """The Chromium process id (its process group), while one runs."""
        proc = getattr(self._kaleido, "subprocess", None)
        return proc.pid if proc is not None and proc.poll() is None else None

    def _ensure_running(self) -> None:
        if self.alive():
            return
        self._discard()  # whatever is left of a dead one
        if self._failed and time.monotonic() - self._failed[0] < RETRY_AFTER_S:
            raise ImagesUnavailable(self._failed[1])
        try:
            self._start()
        except ImagesUnavailable as exc:
            self._failed = (time.monotonic(), str(exc))
            self._discard()
            raise
        self._failed = None

    def _start(self) -> None:
        self.starts += 1
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="chart-export", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread
        options = self._options()

        async def open_browser() -> Any:
            k = kaleido.Kaleido(**options)
            self._kaleido = k  # so a start that hangs can still be killed
            await k.open()
            return k

        job = asyncio.run_coroutine_threadsafe(open_browser(), loop)
        try:
            self._kaleido = job.result(timeout=START_TIMEOUT_S)
        except concurrent.futures.TimeoutError:
            job.cancel()
            raise ImagesUnavailable(
                f"The chart-image browser did not start within {START_TIMEOUT_S:.0f} s. "
                f"{ALSO_WORKS}"
            ) from None
        except Exception as exc:  # noqa: BLE001 - choreographer raises many types
            _log.warning("chart-image browser did not start: %s", exc)
            raise ImagesUnavailable(
                f"The chart-image browser (Chrome/Chromium) could not be started "
                f"({type(exc).__name__}). {ALSO_WORKS}"
            ) from exc

    def _discard(self, graceful: bool = False) -> None:
        """Stop the browser (if any) and its thread, within about 2 x CLOSE_TIMEOUT_S.

        graceful: ask a healthy browser to close first (no warnings, temporary folders
        removed); a dead or frozen one is killed at once."""
        k, loop, thread = self._kaleido, self._loop, self._thread
        self._kaleido = self._loop = self._thread = None
        proc = getattr(k, "subprocess", None)
        running = loop is not None and thread is not None and thread.is_alive()
        if graceful and running and k is not None and proc is not None and proc.poll() is None:
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(timeout=CLOSE_TIMEOUT_S)
        if proc is not None and proc.poll() is None:
            # Its own process group (start_new_session): Chromium and its children.
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(Exception):
                proc.wait(timeout=CLOSE_TIMEOUT_S)
        # (A browser that died is tidied up by kaleido's own watchdog.)
        if running:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=CLOSE_TIMEOUT_S)

    def shutdown(self) -> None:
        """Stop the browser; bounded even if it is dead, frozen or mid-request."""
        got = self._lock.acquire(timeout=CLOSE_TIMEOUT_S)
        try:
            if not got:
                # A request is waiting on a frozen browser: kill it, so that request fails.
                proc = getattr(self._kaleido, "subprocess", None)
                if proc is not None:
                    with contextlib.suppress(OSError):
                        os.killpg(proc.pid, signal.SIGKILL)
                return
            self._discard(graceful=True)
            self._failed = None
        finally:
            if got:
                self._lock.release()


def register_shutdown(browser: ExportBrowser) -> None:
    """Stop the browser when the process exits (bounded, unlike kaleido's own hook)."""
    atexit.register(browser.shutdown)
