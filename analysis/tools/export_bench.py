"""Benchmark (e): one warm PNG export of the US map, and the short three-state PDF brief,
both warm (in this process) and cold (`python -m analysis brief` in a new process)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.core import paths
from analysis.facts import load
from analysis.figures.registry import all_charts
from analysis.publish import briefs, images

BRIEF_STATES = ["MS", "AL", "TN"]
BRIEF_TOPICS = ["duration", "penalties", "transmission"]


def brief_cli_seconds(repeats: int = 3) -> list[float]:
    """Wall time of the short brief from the command line, each in a fresh process."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "brief.pdf"
        for _ in range(repeats):
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "analysis", "brief", "--states", ",".join(BRIEF_STATES),
                 "--topics", ",".join(BRIEF_TOPICS), "--length", "short", "--out", str(target)],
                cwd=paths.ROOT, check=True, capture_output=True, timeout=120,
            )  # fmt: skip
            out.append(time.perf_counter() - t)
    return out


def measure(repeats: int = 5) -> dict:
    df = load.load_dataset()
    out: dict = {"images_available": images.images_available()}
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        b = briefs.build(df, BRIEF_STATES, BRIEF_TOPICS, length="short")
        briefs.to_pdf(b)
        runs.append(time.perf_counter() - t)
    out["brief_pdf_s"] = statistics.median(runs)
    out["brief_topics"] = ", ".join(BRIEF_TOPICS)
    cold = brief_cli_seconds()
    out["brief_cli_cold_s"] = statistics.median(cold)
    out["brief_cli_cold_runs_s"] = cold
    if not out["images_available"]:
        out["error"] = "no Chrome/Chromium for chart images"
        return out
    fig = all_charts()["duration_map"][1](df)
    t = time.perf_counter()
    images.to_png(fig)  # cold: starts the export browser
    out["png_cold_s"] = time.perf_counter() - t
    warm = []
    for _ in range(repeats):
        t = time.perf_counter()
        images.to_png(fig)
        warm.append(time.perf_counter() - t)
    out["png_warm_s"] = statistics.median(warm)
    return out
