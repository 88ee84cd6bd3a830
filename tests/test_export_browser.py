"""The export browser heals: killed mid-export, killed while idle, frozen, or unable to
start, the request fails at once with the reason, the next one gets a new browser, and
shutdown returns. (Real Chromium: BROWSER_PATH, as for the other export tests.)"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from analysis.facts import load
from analysis.figures.registry import all_charts
from analysis.publish import export_browser, images

pytestmark = pytest.mark.skipif(
    images.find_browser() is None, reason="needs Chrome/Chromium (scripts/setup.sh)"
)
HANG_GUARD_S = 90  # a join that outlasts this means the call hung: the test fails


@pytest.fixture(scope="module")
def fig():
    return all_charts()["duration_tiles"][1](load.load_dataset())


@pytest.fixture()
def fresh():
    images.shutdown()
    yield images._browser
    images.shutdown()


def is_png(data: bytes) -> bool:
    return data.startswith(b"\x89PNG\r\n\x1a\n")


def gone(pgid: int) -> bool:
    """No live process is left in that process group (Chromium and its children); a
    zombie waiting for its parent to reap it is not alive."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return False
    return True


def wait_gone(pgid: int, within_s: float = 20) -> bool:
    """gone(pgid), given the killed processes the moment the kernel needs to end them."""
    deadline = time.monotonic() + within_s
    while not gone(pgid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def call(fn, *args):
    """fn(*args) in a thread; (result, error). Fails the test if it does not return."""
    out: dict = {}

    def run():
        try:
            out["result"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            out["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout=HANG_GUARD_S)
    assert not t.is_alive(), f"{getattr(fn, '__name__', fn)} hung"
    return out.get("result"), out.get("error")


def test_killed_mid_export_fails_with_the_reason_and_the_next_export_works(fresh, fig, monkeypatch):
    assert is_png(images.to_png(fig))
    first = fresh.pid()
    real_submit = fresh._submit

    def submit_then_kill(*args):
        job = real_submit(*args)
        os.killpg(first, signal.SIGKILL)  # Chromium crashes while the chart is drawn
        return job

    monkeypatch.setattr(fresh, "_submit", submit_then_kill)
    _, error = call(images.to_png, fig)
    assert isinstance(error, images.ImagesUnavailable), error
    assert "stopped while drawing this chart" in str(error) and "try again" in str(error)
    assert "not found" not in str(error)
    monkeypatch.undo()
    assert images.images_available()  # a crash never reads as "no browser here"
    data, error = call(images.to_png, fig)
    assert error is None and is_png(data)
    assert fresh.pid() not in (None, first) and wait_gone(first)


def test_killed_while_idle_is_replaced_on_the_next_request(fresh, fig):
    images.to_png(fig)
    first, starts = fresh.pid(), fresh.starts
    os.killpg(first, signal.SIGKILL)
    data, error = call(images.to_png, fig)
    assert error is None and is_png(data)
    assert fresh.starts == starts + 1 and fresh.pid() != first


def test_a_frozen_browser_times_out_is_killed_and_replaced(fresh, fig, monkeypatch):
    images.to_png(fig)
    frozen = fresh.pid()
    monkeypatch.setattr(export_browser, "RENDER_TIMEOUT_S", 3.0)
    os.killpg(frozen, signal.SIGSTOP)
    _, error = call(images.to_png, fig)
    assert isinstance(error, images.ImagesUnavailable), error
    assert "did not finish this chart within 3 s" in str(error)
    assert wait_gone(frozen)
    data, error = call(images.to_png, fig)
    assert error is None and is_png(data)


def test_shutdown_returns_even_with_a_frozen_browser(fresh, fig):
    images.to_png(fig)
    frozen = fresh.pid()
    os.killpg(frozen, signal.SIGSTOP)
    _, error = call(images.shutdown)
    assert error is None
    assert wait_gone(frozen) and fresh.pid() is None


def test_shutdown_returns_with_a_dead_browser(fresh, fig):
    images.to_png(fig)
    os.killpg(fresh.pid(), signal.SIGKILL)
    _, error = call(images.shutdown)
    assert error is None and fresh.pid() is None


def test_a_browser_that_cannot_start_fails_fast_and_says_why(fresh, fig, tmp_path, monkeypatch):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(broken))
    _, error = call(images.to_png, fig)
    assert isinstance(error, images.ImagesUnavailable), error
    assert "could not be started" in str(error) or "did not start" in str(error)
    assert "not found" not in str(error) and str(broken) not in str(error)  # no server path
    starts = fresh.starts
    # The next request, right after, fails at once with the same reason: no second wait.
    _, again = call(images.to_png, fig)
    assert str(again) == str(error) and fresh.starts == starts
    # With a working browser back, after the retry pause, images work again.
    monkeypatch.undo()
    monkeypatch.setattr(export_browser, "RETRY_AFTER_S", 0.0)
    data, error = call(images.to_png, fig)
    assert error is None and is_png(data)
