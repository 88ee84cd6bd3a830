"""Server capacity measured at the protocol level: page loads a second per Streamlit process.

A browser saturates this machine's two cores long before one Streamlit process does, so
this client speaks Streamlit's own protocol instead. One page load is what a browser
asks of the server once its static files are cached: the page's HTML, the two pings the
frontend makes (`/_stcore/health`, `/_stcore/host-config`), then the websocket
`/_stcore/stream`, a rerun request (a `BackMsg` with the page and its query, as the
frontend sends it) and every `ForwardMsg` until the script has finished. Then the
socket closes (the server keeps a closed session for `server.disconnectedSessionTTL`).

Bounded by design: loopback addresses only, at most MAX_CLIENTS clients and MAX_SECONDS
per measurement. Counted as errors: a script that did not finish, an exception element,
the app's own error message, a page the server does not know, a timeout.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from analysis.tools.browser import process_rss_mb

# The app's own mix of pages (what a visitor opens, the landing page most often).
APP_MIX: tuple[str, ...] = (
    "",
    "",
    "?view=tiles",
    "duration",
    "penalties",
    "transmission",
    "explore",
    "profile?state=MS",
    "profile?state=TX",
    "compare?states=MS,AL,TN",
    "view_3d",
    "export",
    "methods",
)
FLOOR_MIX: tuple[str, ...] = ("",)
LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_CLIENTS = 64
MAX_SECONDS = 120.0
LOAD_TIMEOUT_S = 30.0
APP_ERROR_TEXT = "Something went wrong while drawing this page"
# Only small messages are parsed in full (the client shares the machine with the server):
# script_finished, page_not_found, exceptions and alerts are all small.
PARSE_BELOW_BYTES = 4096
FINISHED = ForwardMsg.ScriptFinishedStatus


class CapacityError(RuntimeError):
    """A measurement that cannot be made (not loopback, out of bounds)."""


@dataclass
class Load:
    """One page load: how long, how many script runs it took, what came back."""

    path: str
    seconds: float
    runs: int
    messages: int
    bytes: int
    error: str = ""


@dataclass
class Run:
    """A saturated measurement: clients loading pages back to back for `seconds`."""

    clients: int
    seconds: float
    loads: list[Load] = field(default_factory=list)

    @property
    def ok(self) -> list[Load]:
        return [x for x in self.loads if not x.error]

    def summary(self) -> dict:
        lat = sorted(x.seconds * 1000 for x in self.ok)
        runs = [x.runs for x in self.ok]
        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 2),
            "loads": len(self.ok),
            "loads_per_s": round(len(self.ok) / self.seconds, 2) if self.seconds else None,
            "errors": len(self.loads) - len(self.ok),
            "error_samples": sorted({x.error for x in self.loads if x.error})[:5],
            "latency_p50_ms": round(statistics.median(lat), 1) if lat else None,
            "latency_p95_ms": round(percentile(lat, 0.95), 1) if lat else None,
            "script_runs_per_load_max": max(runs) if runs else None,
            "kb_per_load_median": round(statistics.median(x.bytes for x in self.ok) / 1024, 1)
            if runs
            else None,
        }


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def check_loopback(base: str) -> None:
    host = urlsplit(base).hostname or ""
    if host not in LOOPBACK:
        raise CapacityError(f"capacity measurements run against this machine only, not {host!r}")


def rerun_request(path: str, base: str) -> bytes:
    """The BackMsg the frontend sends on opening `path` (page name and query string)."""
    page, _, query = path.partition("?")
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query
    state.page_name = page.strip("/")
    state.context_info.timezone = "UTC"
    state.context_info.locale = "en-US"
    state.context_info.url = f"{base}/{page}"
    return msg.SerializeToString()


async def _http_get(host: str, port: int, target: str) -> int:
    """One HTTP/1.1 GET on its own connection (as a fresh page's first requests are);
    returns the status."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(
            f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Encoding: gzip\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    try:
        return int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def _problem(msg: ForwardMsg) -> str:
    kind = msg.WhichOneof("type")
    if kind == "page_not_found":
        return "page not found"
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        el = msg.delta.new_element
        which = el.WhichOneof("type")
        if which == "exception":
            return "exception element"
        if which == "alert" and APP_ERROR_TEXT in el.alert.body:
            return "app error message"
    return ""


async def page_load(base: str, path: str, hold: bool = False):
    """Load one page; returns the Load (and, with hold=True, the open socket)."""
    parts = urlsplit(base)
    host, port, prefix = parts.hostname or "127.0.0.1", parts.port or 80, parts.path.rstrip("/")
    page = path.partition("?")[0]
    t0 = time.perf_counter()
    runs = messages = size = 0
    error = ""
    ws = None
    try:
        async with asyncio.timeout(LOAD_TIMEOUT_S):
            for target in (
                f"{prefix}/{path}",
                f"{prefix}/_stcore/health",
                f"{prefix}/_stcore/host-config",
            ):
                status = await _http_get(host, port, target or "/")
                if status != 200:
                    raise CapacityError(f"HTTP {status} for {target}")
            ws = await connect(
                f"ws://{host}:{port}{prefix}/_stcore/stream",
                subprotocols=["streamlit"],
                compression=None,
                max_size=None,
                open_timeout=LOAD_TIMEOUT_S,
            )
            await ws.send(rerun_request(path, base))
            runs, messages, size, error = await _read_run(ws)
    except TimeoutError:
        error = "timeout"
    except Exception as exc:  # noqa: BLE001 - every failure is a counted error
        error = f"{type(exc).__name__}: {str(exc)[:80]}"
    seconds = time.perf_counter() - t0
    if ws is not None and not (hold and not error):
        await ws.close()
        ws = None
    load = Load(page or "overview", seconds, runs, messages, size, error)
    return (load, ws) if hold else load


async def _read_run(ws) -> tuple[int, int, int, str]:
    """Read one script run's messages, up to its (final) script_finished: the runs seen
    (a run cut short for a rerun counts), messages, bytes and the first problem."""
    runs = messages = size = 0
    error = ""
    while True:
        data = await ws.recv()
        messages += 1
        size += len(data)
        if len(data) >= PARSE_BELOW_BYTES:
            continue
        msg = ForwardMsg()
        msg.ParseFromString(data)
        error = error or _problem(msg)
        if msg.WhichOneof("type") == "script_finished":
            runs += 1
            status = msg.script_finished
            if status == FINISHED.FINISHED_EARLY_FOR_RERUN:
                continue
            if status != FINISHED.FINISHED_SUCCESSFULLY:
                error = error or f"script finished with status {status}"
            return runs, messages, size, error
        if error == "page not found":
            return runs, messages, size, error


async def session_runs(base: str, path: str, reruns: int) -> list[Load]:
    """One session: open `path`, then rerun it `reruns` times (as the "R" key does), each
    after the last has finished; one Load per run (the first is the fresh page load)."""
    first, ws = await page_load(base, path, hold=True)
    out = [first]
    if ws is None:
        return out
    try:
        for _ in range(reruns):
            t0 = time.perf_counter()
            await ws.send(rerun_request(path, base))
            async with asyncio.timeout(LOAD_TIMEOUT_S):
                runs, messages, size, error = await _read_run(ws)
            out.append(Load(first.path, time.perf_counter() - t0, runs, messages, size, error))
    finally:
        await ws.close()
    return out


def reruns(base: str, path: str, n: int) -> list[Load]:
    """session_runs, bounded and on this machine only."""
    check_loopback(base)
    _bounded(1, 1)
    if not 0 <= n <= 200:
        raise CapacityError("at most 200 reruns")
    return asyncio.run(session_runs(base, path, n))


async def _saturate(base: str, mix: tuple[str, ...], clients: int, seconds: float) -> Run:
    run = Run(clients, seconds)
    deadline = time.perf_counter() + seconds

    async def client(i: int) -> None:
        k = i
        while time.perf_counter() < deadline:
            load = await page_load(base, mix[k % len(mix)])
            if time.perf_counter() <= deadline:
                run.loads.append(load)
            k += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    run.seconds = min(time.perf_counter() - t0, seconds)
    return run


def _bounded(clients: int, seconds: float) -> None:
    if not 1 <= clients <= MAX_CLIENTS or not 0 < seconds <= MAX_SECONDS:
        raise CapacityError(
            f"clients must be 1-{MAX_CLIENTS} and seconds at most {MAX_SECONDS:.0f}"
        )


def warm(base: str, mix: tuple[str, ...]) -> list[Load]:
    """Each page of the mix once, one after another (caches filled, first runs seen)."""
    check_loopback(base)

    async def go() -> list[Load]:
        return [await page_load(base, p) for p in dict.fromkeys(mix)]

    return asyncio.run(go())


def saturate(base: str, mix: tuple[str, ...], clients: int = 8, seconds: float = 15.0) -> Run:
    """Page loads back to back from `clients` concurrent clients for `seconds`."""
    check_loopback(base)
    _bounded(clients, seconds)
    return asyncio.run(_saturate(base, mix, clients, seconds))


def sessions_held(
    base: str,
    mix: tuple[str, ...],
    levels: tuple[int, ...] = (1, 2, 4, 8, 16, 24, 32),
    seconds: float = 8.0,
    p95_limit_ms: float = 2000.0,
) -> dict:
    """The most concurrent sessions (each loading pages back to back) at which the page-load
    p95 stays under `p95_limit_ms`; stops at the first level over the limit."""
    check_loopback(base)
    steps, held = [], 0
    for c in levels:
        _bounded(c, seconds)
        s = asyncio.run(_saturate(base, mix, c, seconds)).summary()
        steps.append(s)
        if s["errors"] or s["latency_p95_ms"] is None or s["latency_p95_ms"] >= p95_limit_ms:
            break
        held = c
    return {"p95_limit_ms": p95_limit_ms, "sessions_held": held, "levels": steps}


def memory_per_session(base: str, mix: tuple[str, ...], pid: int, sessions: int = 40) -> dict:
    """Resident memory the server gains per open session: `sessions` sessions each load a
    page of the mix and stay connected; (RSS after - RSS before) / sessions."""
    check_loopback(base)
    _bounded(min(sessions, MAX_CLIENTS), 1)

    async def go() -> dict:
        before = process_rss_mb(pid)
        sockets, errors = [], 0
        for i in range(sessions):
            load, ws = await page_load(base, mix[i % len(mix)], hold=True)
            errors += bool(load.error)
            if ws is not None:
                sockets.append(ws)
        await asyncio.sleep(1.0)
        after = process_rss_mb(pid)
        for ws in sockets:
            await ws.close()
        return {
            "sessions": len(sockets),
            "errors": errors,
            "rss_before_mb": round(before, 1),
            "rss_after_mb": round(after, 1),
            "mb_per_session": round((after - before) / max(len(sockets), 1), 2),
        }

    return asyncio.run(go())
