"""Benchmark (e): one warm PNG export of the US map, and one three-state PDF brief."""

from __future__ import annotations

import statistics
import time

from analysis.facts import load
from analysis.figures.registry import all_charts
from analysis.publish import briefs, images


def measure(repeats: int = 5) -> dict:

    df = load.load_dataset()
    out: dict = {"images_available": images.images_available()}
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
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        b = briefs.build(df, ["MS", "AL", "TN"], ["duration", "penalties"])
        briefs.to_pdf(b)
        runs.append(time.perf_counter() - t)
    out["brief_pdf_s"] = statistics.median(runs)
    out["brief_topics"] = "duration, penalties"
    return out
