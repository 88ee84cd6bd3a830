"""`python -m analysis bench`: measure build, page scripts, browser load, filter latency, exports.

Writes bench-results/report.md and report.json and prints the table. Numbers, not
assertions: the targets are printed beside the measurements.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from analysis.build import pipeline
from analysis.core import paths
from analysis.tools import browser, explore_bench, export_bench

PAGES = {
    "overview": "pages/overview.py",
    "duration": "pages/duration.py",
    "penalties": "pages/penalties.py",
    "transmission": "pages/transmission.py",
    "explore": "pages/explore.py",
    "profile": "pages/profile.py",
    "compare": "pages/compare.py",
    "view_3d": "pages/view_3d.py",
    "export": "pages/export.py",
    "methods": "pages/methods.py",
}
TARGETS = {
    "browser_ratio": 1.10,
    "filter_latency_ms": 300,
    "page_script_ms": 50,
    "png_s": 0.5,
    "brief_s": 3.0,
}


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def bench_build(repeats: int = 5) -> dict:

    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        pipeline.build_frames()
        times.append(time.perf_counter() - t)
    return {"median_s": statistics.median(times), "min_s": min(times), "runs": repeats}


def bench_page_scripts(reruns: int = 20) -> dict:
    """Script time per page on a real server: open each page, then rerun it (key "r").

    dashboard.py logs each run's duration (analysis.app.timing, PO_TIMING_LOG); the first
    run of each page (caches filling) is reported separately from the reruns.
    """

    exe = browser.chromium_path()
    if exe is None:
        return {"error": "Chromium not found"}
    log = Path(tempfile.mkstemp(prefix="po-timing-", suffix=".jsonl")[1])
    proc, url = browser.start_server(env={"PO_TIMING_LOG": str(log)})

    def lines() -> list[dict]:
        return [json.loads(x) for x in log.read_text().splitlines() if x.strip()]

    out: dict = {}
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=exe, args=browser.CHROMIUM_FLAGS)
            ctx = b.new_context(viewport={"width": 1400, "height": 1000})
            pg = ctx.new_page()
            browser.guard_page(pg)
            for name in PAGES:
                before = len(lines())
                pg.goto(f"{url}/{'' if name == 'overview' else name}")
                browser.wait_ready(pg)
                first = [r["ms"] for r in lines()[before:]]
                mark = len(lines())
                for _ in range(reruns):
                    n = len(lines())
                    pg.locator("body").press("r")
                    deadline = time.time() + 15
                    while len(lines()) <= n and time.time() < deadline:
                        time.sleep(0.01)
                    browser.wait_ready(pg)
                runs = [r["ms"] for r in lines()[mark:] if r["page"] == name]
                out[name] = {
                    "first_ms": first[-1] if first else None,
                    "median_ms": statistics.median(runs) if runs else None,
                    "p95_ms": pct(runs, 0.95) if runs else None,
                    "runs": len(runs),
                }
            b.close()
    finally:
        browser.stop_server(proc)
        log.unlink(missing_ok=True)
    return out


def _time_to_map(pg, url: str, timeout: float = 60_000) -> float:
    t = time.perf_counter()
    pg.goto(url)
    pg.wait_for_function(
        "() => document.querySelectorAll('path.choroplethlocation').length >= 51",
        timeout=timeout,
        polling=10,
    )
    return time.perf_counter() - t


def bench_browser(rounds: int = 8) -> dict:
    """Navigation -> overview map drawn, alternating with the baseline app."""

    exe = browser.chromium_path()
    if exe is None:
        return {"error": "Chromium not found"}
    app, app_url = browser.start_server()
    base, base_url = browser.start_server(
        "baseline_app.py",
        cwd=paths.ROOT / "benchmarks",
        extra_args=[
            "--server.enableStaticServing",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            "--client.showErrorDetails",
            "none",
        ],
    )
    times: dict[str, list[float]] = {"app": [], "baseline": []}
    external = 0
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=exe, args=browser.CHROMIUM_FLAGS)
            for url in (app_url, base_url):  # warm both servers (script caches, static files)
                ctx = b.new_context()
                pg = ctx.new_page()
                browser.guard_page(pg)
                _time_to_map(pg, url)
                ctx.close()
            for i in range(rounds * 2):
                which = (
                    ("app", "baseline")[i % 2] if (i // 2) % 2 == 0 else ("baseline", "app")[i % 2]
                )
                ctx = b.new_context(viewport={"width": 1400, "height": 1000})
                pg = ctx.new_page()
                browser.guard_page(pg)
                times[which].append(_time_to_map(pg, app_url if which == "app" else base_url))
                external += len(pg.external)
                ctx.close()
            b.close()
    finally:
        browser.stop_server(app)
        browser.stop_server(base)
    app_med, base_med = statistics.median(times["app"]), statistics.median(times["baseline"])
    return {
        "app_median_s": app_med,
        "baseline_median_s": base_med,
        "ratio": app_med / base_med,
        "rounds": rounds,
        "external_requests": external,
        "app_s": times["app"],
        "baseline_s": times["baseline"],
    }


def bench_filter_latency(rounds: int = 10) -> dict:
    """Explore page: change a filter, time until the match map is redrawn."""

    exe = browser.chromium_path()
    if exe is None:
        return {"error": "Chromium not found"}
    proc, url = browser.start_server()
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=exe, args=browser.CHROMIUM_FLAGS)
            lat = explore_bench.measure(b, url, rounds)
            b.close()
    finally:
        browser.stop_server(proc)
    return {
        "median_ms": statistics.median(lat) if lat else None,
        "p95_ms": pct(lat, 0.95) if lat else None,
        "rounds": len(lat),
    }


def bench_exports() -> dict:
    return export_bench.measure()


def machine() -> dict:

    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // 1024 // 1024} GiB"
    except OSError:
        pass
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def run(out_dir: Path = paths.ROOT / "bench-results", quick: bool = False) -> dict:
    report: dict = {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "targets": TARGETS,
    }
    steps = [
        ("build", lambda: bench_build(3 if quick else 5)),
        ("page_scripts", lambda: bench_page_scripts(5 if quick else 20)),
        ("browser_load", lambda: bench_browser(3 if quick else 8)),
        ("filter_latency", lambda: bench_filter_latency(3 if quick else 10)),
        ("exports", bench_exports),
    ]
    for name, fn in steps:
        print(f"bench: {name} ...", flush=True)
        try:
            report[name] = fn()
        except Exception as exc:  # noqa: BLE001 - report what failed, keep measuring
            report[name] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    md = render(report)
    (out_dir / "report.md").write_text(md)
    print(md)
    return report


def _f(v: object, fmt: str = "{:.1f}") -> str:
    return fmt.format(v) if isinstance(v, (int, float)) else str(v)


def render(r: dict) -> str:
    m = r["machine"]
    lines = [
        f"# Benchmark ({r['date']})",
        "",
        f"Machine: {m['cpus']} cores ({m['cpu']}), {m['memory']}, Python {m['python']}, "
        f"{m['platform']}",
        "",
        "| measure | result | target |",
        "|---|---|---|",
    ]
    b = r.get("build", {})
    lines.append(f"| (a) dataset build | {_f(b.get('median_s'), '{:.2f}')} s median | — |")
    ps = r.get("page_scripts", {})
    if "error" in ps:
        lines.append(f"| (b) page scripts | error: {ps['error']} | ≤ 50 ms median |")
    else:
        for page, v in ps.items():
            lines.append(
                f"| (b) script `{page}` | {_f(v['median_ms'])} ms median, "
                f"{_f(v['p95_ms'])} ms p95 ({v['runs']} reruns) | ≤ 50 ms median |"
            )
    bl = r.get("browser_load", {})
    if "error" in bl:
        lines.append(f"| (c) map drawn vs baseline | error: {bl['error']} | ≤ 1.10 |")
    else:
        lines.append(
            f"| (c) navigation → map drawn | app {_f(bl['app_median_s'], '{:.2f}')} s"
            f", baseline {_f(bl['baseline_median_s'], '{:.2f}')} s, ratio "
            f"**{_f(bl['ratio'], '{:.2f}')}** ({bl['rounds']} rounds each, "
            f"{bl['external_requests']} external requests) | ≤ 1.10 |"
        )
    fl = r.get("filter_latency", {})
    lines.append(
        "| (d) filter change → map redrawn | "
        + (
            f"error: {fl['error']}"
            if "error" in fl
            else f"{_f(fl['median_ms'], '{:.0f}')} ms median, {_f(fl['p95_ms'], '{:.0f}')}"
            f" ms p95 ({fl['rounds']} changes)"
        )
        + " | ≤ 300 ms median |"
    )
    ex = r.get("exports", {})
    if "error" in ex:
        lines.append(f"| (e) PNG export | error: {ex['error']} | ≤ 0.5 s |")
    else:
        lines.append(
            f"| (e) PNG export (warm) | {_f(ex.get('png_warm_s'), '{:.2f}')} s | ≤ 0.5 s |"
        )
    if "brief_pdf_s" in ex:
        lines.append(
            f"| (e) short brief PDF, 3 states x 3 topics (warm) | "
            f"{_f(ex.get('brief_pdf_s'), '{:.2f}')} s | — |"
        )
        runs = ", ".join(f"{s:.2f}" for s in ex.get("brief_cli_cold_runs_s", []))
        lines.append(
            f"| (e) the same from the command line, cold | "
            f"{_f(ex.get('brief_cli_cold_s'), '{:.2f}')} s median ({runs}) | ≤ 3 s |"
        )
    return "\n".join(lines) + "\n"
