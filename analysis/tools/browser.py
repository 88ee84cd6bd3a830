"""Driving the app from outside: start Streamlit servers and a locked-down Chromium.

Shared by the browser tests, the benchmark and the load test. Every request that is not
to this machine is aborted and recorded.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from analysis.core import paths

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_PREFIXES = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")


def chromium_path() -> str | None:
    path = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, proc: subprocess.Popen | None = None, timeout: float = 60) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            time.sleep(0.2)
        if proc is not None and proc.poll() is not None:
            return False
    return False


def start_server(
    script: str = "serve.py",
    port: int | None = None,
    extra_args: list[str] | None = None,
    env: dict | None = None,
    cwd: Path = paths.ROOT,
    base_path: str = "",
) -> tuple[subprocess.Popen, str]:
    """The app (as scripts/run.sh starts it: serve.py) or another Streamlit script on
    127.0.0.1 (a free port unless given); returns (process, URL).

    With `base_path`, the app is served under it (server.baseUrlPath) and the URL includes it.
    """
    port = port or free_port()
    base_path = base_path.strip("/")
    if base_path:
        extra_args = [*(extra_args or []), "--server.baseUrlPath", base_path]
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        *(extra_args or []),
    ]
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    base = f"http://127.0.0.1:{port}" + (f"/{base_path}" if base_path else "")
    if not wait_healthy(base, proc):
        proc.kill()
        out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
        raise RuntimeError(f"streamlit did not start: {out[-2000:]}")
    return proc, base


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def guard_page(page) -> None:
    """Abort and record every request that is not to this machine; record page errors."""
    page.external = []
    page.errors = []
    page.allow_external = False

    def route(r):
        url = r.request.url
        if url.startswith(LOCAL_PREFIXES):
            r.continue_()
        else:
            page.external.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: page.errors.append(str(e)))


# Polled on every animation frame (Playwright's default): true once at least n elements of
# `sel` are drawn (a box of some size) and have not moved or changed size for two frames,
# i.e. the page has laid out what it drew. A condition, not a fixed delay.
STABLE_JS = """([sel, n]) => {
  const seen = (window.__poStable = window.__poStable || {});
  const boxes = Array.from(document.querySelectorAll(sel), e => e.getBoundingClientRect())
    .filter(b => b.width > 0 && b.height > 0)
    .map(b => [b.x, b.y, b.width, b.height].map(Math.round).join(","));
  if (boxes.length < n) { delete seen[sel]; return false; }
  const sig = boxes.join("|");
  const prev = seen[sel];
  seen[sel] = {sig, frames: prev && prev.sig === sig ? prev.frames + 1 : 0};
  if (seen[sel].frames < 2) return false;
  delete seen[sel];
  return true;
}"""


def wait_stable(page, selector: str, count: int = 1, timeout: float = 30_000) -> None:
    """Wait until at least `count` matching elements are drawn and none moves for two
    frames."""
    page.wait_for_function(STABLE_JS, arg=[selector, count], timeout=timeout)


def wait_ready(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has rendered the page, finished running the script, and no
    element is stale (greyed out while a rerun replaces it) or still moving."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout)
    page.wait_for_selector("#po-quick-exit", state="attached", timeout=timeout)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
              && !document.querySelector('[data-stale="true"]')""",
        timeout=timeout,
    )
    wait_stable(page, '[data-testid="stMain"] [data-testid="stElementContainer"]', 1, timeout)


def process_rss_mb(pid: int) -> float:
    """Resident memory of a process (and its children) in MB, from /proc."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024
