"""Server-side script timings: a tiny in-process ring buffer, optionally logged to a file.

dashboard.py records how long each run of a page script takes. The benchmark reads the
buffer (in-process, via AppTest) or the log file (PO_TIMING_LOG, for a real server).
"""

from __future__ import annotations

import json
import os
import threading
from collections import deque

_LOCK = threading.Lock()
RUNS: deque[tuple[str, float]] = deque(maxlen=5000)


def record(page: str, seconds: float) -> None:
    with _LOCK:
        RUNS.append((page, seconds))
    log = os.environ.get("PO_TIMING_LOG")
    if log:
        try:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"page": page, "ms": round(seconds * 1000, 3)}) + "\n")
        except OSError:
            pass


def take() -> list[tuple[str, float]]:
    with _LOCK:
        out = list(RUNS)
        RUNS.clear()
    return out
