"""`python -m analysis bench`: what a page costs a visitor's browser and the server.

Writes bench-results/report.md and report.json and prints the report. Numbers, not
assertions: each budget is printed beside its measurement. Sections (`--only` picks some):

- `lighthouse`: per page and for the floor (benchmarks/baseline_app.py, a bare Streamlit
  page with one plotly choropleth of the same data): bytes transferred and total blocking
  time (Lighthouse 12, desktop, no throttling), console errors; medians of `--runs` runs.
- `axe`: axe-core violations per page (rules and elements).
- `phone`: the overview map's drawn width in a 390 px wide viewport.
- `capacity`: page loads a second, one process, the protocol-level client
  (analysis/tools/capacity.py), the app's mix of pages against the floor's one page,
  alternating rounds in one run; then the most concurrent sessions with page-load p95 under
  2 s, and the memory an open session holds.
- `scripts`: server-side script time per page (dashboard.py logs each run), fresh page
  loads and reruns, each page alone on an idle server.
- `static`: the page's script files (Streamlit's frontend, ~60) fetched over 6 kept-alive
  connections, as a browser does over HTTP/1.1: time for all and per request, app and floor.
- `build`, `map`, `filter`, `exports`: dataset build; navigation to the overview map drawn
  against the floor; Explore filter to map redrawn; PNG and brief exports.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import statistics
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import sync_playwright

from analysis.build import pipeline
from analysis.core import paths
from analysis.tools import browser, capacity, explore_bench, export_bench, lighthouse

PAGES = {
    "overview": "",
    "overview_tiles": "?view=tiles",
    "duration": "duration",
    "penalties": "penalties",
    "transmission": "transmission",
    "explore": "explore",
    "profile": "profile?state=MS",
    "compare": "compare?states=MS,AL,TN",
    "view_3d": "view_3d",
    "view_3d_interactive": "view_3d?view=interactive",  # the WebGL deck, on request
    "export": "export",
    "methods": "methods",
}
MB = 1024 * 1024
BUDGETS = {
    "bytes": 3.5 * MB,
    "bytes_light": 1.5 * MB,  # the overview and the profile
    "tbt_ms": 300,
    "page_script_ms": 50,
    "session_p95_ms": 2000,
    "filter_latency_ms": 300,
    "png_s": 0.5,
    "brief_s": 3.0,
}
LIGHT_PAGES = ("overview", "overview_tiles", "profile")
FLOOR_NO_GC_ARGS = ("--runner.postScriptGC", "false")
FLOOR_ARGS = [
    "--server.enableStaticServing",
    "true",
    "--browser.gatherUsageStats",
    "false",
    "--server.fileWatcherType",
    "none",
    "--client.showErrorDetails",
    "none",
]
SECTIONS = (
    "lighthouse",
    "axe",
    "phone",
    "capacity",
    "scripts",
    "static",
    "build",
    "map",
    "filter",
    "exports",
)


def pct(values: list[float], q: float) -> float:
    return capacity.percentile(values, q)


def spread(values: list[float]) -> dict:
    """Median, min and max (the report's way of saying how much a number moved)."""
    if not values:
        return {"median": None, "min": None, "max": None, "n": 0}
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


class Servers:
    """The app (as scripts/run.sh starts it, or another checkout with --app-dir) and the floor."""

    def __init__(self, app_dir: Path = paths.ROOT, app_script: str = "serve.py") -> None:
        self.app_dir, self.app_script = app_dir, app_script

    def app(self, env: dict | None = None):
        return browser.start_server(self.app_script, cwd=self.app_dir, env=env)

    def floor(self, *extra: str):
        return browser.start_server(
            "baseline_app.py", cwd=paths.ROOT / "benchmarks", extra_args=[*FLOOR_ARGS, *extra]
        )


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


# --- build ----------------------------------------------------------------------------


def bench_build(repeats: int = 5) -> dict:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        pipeline.build_frames()
        times.append(time.perf_counter() - t)
    return {"median_s": statistics.median(times), "min_s": min(times), "runs": repeats}


# --- what a page costs the browser ----------------------------------------------------


def bench_lighthouse(servers: Servers, runs: int = 3, pages: dict = PAGES) -> dict:
    """Lighthouse on every page and on the floor, `runs` rounds (page order alternating)."""
    lighthouse.ensure_installed()
    app, app_url = servers.app()
    floor, floor_url = servers.floor()
    raw: dict[str, list[dict]] = {name: [] for name in [*pages, "floor"]}
    loads = [load_average()]
    try:
        targets = [(n, f"{app_url}/{p}") for n, p in pages.items()] + [("floor", floor_url)]
        # Warm: the servers' caches and first runs, and the app's compressed files (kept
        # after the first request), as any visitor after the first finds them.
        capacity.warm(app_url, tuple(pages.values()))
        lighthouse.run(app_url)
        lighthouse.run(floor_url)
        for r in range(runs):
            for name, url in targets if r % 2 == 0 else targets[::-1]:
                raw[name].append(lighthouse.run(url))
            loads.append(load_average())
        # Accessibility in the dark colour scheme: one run a page (the score does not vary).
        dark = {
            name: lighthouse.run(url, dark=True, categories="accessibility")
            for name, url in targets
        }
    finally:
        browser.stop_server(app)
        browser.stop_server(floor)
    out: dict = {"runs": runs, "load_average": loads, "pages": {}}
    for name, results in raw.items():
        out["pages"][name] = {
            "bytes": spread([x["bytes"] for x in results]),
            "tbt_ms": spread([x["tbt_ms"] for x in results]),
            "fcp_ms": spread([x["fcp_ms"] for x in results]),
            "requests": spread([x["requests"] for x in results]),
            "accessibility_light": min(
                (x["accessibility"] for x in results if x["accessibility"] is not None),
                default=None,
            ),
            "accessibility_dark": dark[name]["accessibility"],
            "a11y_failing": sorted({a for x in [*results, dark[name]] for a in x["a11y_failing"]}),
            "console_errors": sorted({e for x in results for e in x["console_errors"]}),
            "largest": results[-1]["largest"] if results else [],
            "bootup": results[-1].get("bootup", []) if results else [],
        }
    return out


def _draw_every_chart(page) -> None:
    charts = page.locator(".po-chart")
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
        page.wait_for_timeout(150)
    page.wait_for_timeout(800)


def bench_axe(servers: Servers, pages: dict = PAGES) -> dict:
    """axe-core on every page (charts drawn), light and dark colour schemes ("name" and
    "name:dark"), desktop viewport."""
    exe = browser.chromium_path()
    if exe is None:
        return {"error": "Chromium not found"}
    proc, url = servers.app()
    out: dict = {}
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=exe, args=browser.CHROMIUM_FLAGS)
            for scheme in ("light", "dark"):
                for name, path in pages.items():
                    # bypass_csp: axe-core is injected as a script, which the app's
                    # Content-Security-Policy (one inline script, the exit's) refuses.
                    ctx = b.new_context(
                        viewport={"width": 1400, "height": 1000},
                        color_scheme=scheme,
                        bypass_csp=True,
                    )
                    page = ctx.new_page()
                    browser.guard_page(page)
                    page.goto(f"{url}/{path}")
                    browser.wait_ready(page)
                    page.locator("h1").first.wait_for(timeout=60_000)
                    _draw_every_chart(page)
                    key = name if scheme == "light" else f"{name}:dark"
                    out[key] = lighthouse.axe_counts(page)
                    ctx.close()
            b.close()
    finally:
        browser.stop_server(proc)
    return out


# A state drawn on a map: the app's server-drawn SVG (a link each) or plotly's (the floor).
MAP_STATES = ".po-map a[data-code], path.choroplethlocation"

PHONE_MAP_JS = """() => {
  const map = document.querySelector('.po-map svg, .po-chart .geolayer');
  const chart = document.querySelector('.po-map, .po-chart');
  const box = map ? map.getBoundingClientRect() : null;
  return {
    viewport: window.innerWidth,
    chart_px: chart ? Math.round(chart.getBoundingClientRect().width) : null,
    map_px: box ? Math.round(box.width) : null,
    page_scrolls_sideways: document.scrollingElement.scrollWidth > window.innerWidth,
  };
}"""


def bench_phone(servers: Servers) -> dict:
    """The overview map's drawn width on a 390 px wide phone viewport."""
    exe = browser.chromium_path()
    if exe is None:
        return {"error": "Chromium not found"}
    proc, url = servers.app()
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=exe, args=browser.CHROMIUM_FLAGS)
            ctx = b.new_context(
                viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True
            )
            page = ctx.new_page()
            browser.guard_page(page)
            page.goto(url)
            browser.wait_ready(page)
            page.wait_for_selector(MAP_STATES, timeout=30_000)
            page.wait_for_timeout(500)
            out = page.evaluate(PHONE_MAP_JS)
            b.close()
    finally:
        browser.stop_server(proc)
    out["map_share"] = round(out["map_px"] / out["viewport"], 2) if out.get("map_px") else None
    return out


# --- what a page costs the server ----------------------------------------------------


def bench_capacity(
    servers: Servers, rounds: int = 3, seconds: float = 15.0, clients: int = 8
) -> dict:
    """Page loads a second, app (its mix) and floor (its page) alternating, same client."""
    # The floor as Streamlit starts it, and (for comparison only) with the one setting of
    # the app's that changes the server's cost most: no full garbage collection after each
    # script run (.streamlit/config.toml, runner.postScriptGC).
    started = {
        "app": (servers.app(), capacity.APP_MIX),
        "floor": (servers.floor(), capacity.FLOOR_MIX),
        "floor_no_gc": (servers.floor(*FLOOR_NO_GC_ARGS), capacity.FLOOR_MIX),
    }
    results: dict[str, list[dict]] = {name: [] for name in started}
    loads = [load_average()]
    try:
        for (_, url), mix in started.values():
            capacity.warm(url, mix)
        names = list(started)
        for r in range(rounds):
            for which in names[r % len(names) :] + names[: r % len(names)]:
                (_, url), mix = started[which]
                results[which].append(capacity.saturate(url, mix, clients, seconds).summary())
            loads.append(load_average())
        rss = {
            f"{name}_mb": browser.process_rss_mb(proc.pid)
            for name, ((proc, _), _) in started.items()
        }
    finally:
        for (proc, _), _ in started.values():
            browser.stop_server(proc)
    out: dict = {"clients": clients, "seconds": seconds, "rounds": rounds, "load_average": loads}
    for which, runs in results.items():
        out[which] = {
            "loads_per_s": spread([x["loads_per_s"] for x in runs]),
            "latency_p95_ms": spread([x["latency_p95_ms"] for x in runs]),
            "errors": sum(x["errors"] for x in runs),
            "error_samples": sorted({e for x in runs for e in x["error_samples"]})[:5],
            "script_runs_per_load_max": max((x["script_runs_per_load_max"] or 0) for x in runs),
            "rounds": runs,
        }
    a, f = out["app"]["loads_per_s"]["median"], out["floor"]["loads_per_s"]["median"]
    out["ratio"] = round(a / f, 2) if a and f else None
    g = out["floor_no_gc"]["loads_per_s"]["median"]
    out["ratio_same_gc"] = round(a / g, 2) if a and g else None
    out["rss_after_mb"] = rss
    return out


def bench_sessions(servers: Servers, quick: bool = False) -> dict:
    """Sessions held with page-load p95 under 2 s, and memory per open session (app mix)."""
    proc, url = servers.app()
    try:
        capacity.warm(url, capacity.APP_MIX)
        levels = (1, 4, 8) if quick else (1, 2, 4, 8, 12, 16, 24, 32)
        held = capacity.sessions_held(url, capacity.APP_MIX, levels, seconds=5 if quick else 10)
    finally:
        browser.stop_server(proc)
    # Memory on a fresh server, after its caches are warm: sessions opened and held.
    proc, url = servers.app()
    try:
        capacity.warm(url, capacity.APP_MIX)
        memory = capacity.memory_per_session(url, capacity.APP_MIX, proc.pid, 10 if quick else 40)
    finally:
        browser.stop_server(proc)
    return {**held, "memory": memory}


def bench_page_scripts(servers: Servers, reruns: int = 20) -> dict:
    """Script time per page on an idle server: `reruns` fresh page loads and `reruns` reruns
    in one session; each run timed inside dashboard.py (analysis.app.timing, PO_TIMING_LOG).
    The first load of each page (caches filling) is reported on its own."""
    log = Path(tempfile.mkstemp(prefix="po-timing-", suffix=".jsonl")[1])
    proc, url = servers.app(env={"PO_TIMING_LOG": str(log)})

    def runs_since(n: int) -> list[dict]:
        return [json.loads(x) for x in log.read_text().splitlines()[n:] if x.strip()]

    def count() -> int:
        return len(log.read_text().splitlines())

    out: dict = {}
    try:
        for name, path in PAGES.items():
            page = path.partition("?")[0] or "overview"
            n = count()
            capacity.warm(url, (path,))
            first = [r["ms"] for r in runs_since(n)]
            n = count()
            for _ in range(reruns):
                capacity.warm(url, (path,))
            fresh = [r["ms"] for r in runs_since(n) if r["page"] == page]
            n = count()
            capacity.reruns(url, path, reruns)
            again = [r["ms"] for r in runs_since(n) if r["page"] == page][1:]
            out[name] = {
                "first_ms": first[-1] if first else None,
                "fresh_median_ms": statistics.median(fresh) if fresh else None,
                "fresh_p95_ms": pct(fresh, 0.95) if fresh else None,
                "rerun_median_ms": statistics.median(again) if again else None,
                "rerun_p95_ms": pct(again, 0.95) if again else None,
                "runs": len(fresh) + len(again),
            }
    finally:
        browser.stop_server(proc)
        log.unlink(missing_ok=True)
    return out


def _fetch_scripts(url: str, connections: int = 6) -> tuple[float, list[float]]:
    """Every script file the page names, over `connections` kept-alive connections: the
    seconds for all and each request's seconds."""
    page = urllib.request.urlopen(url + "/", timeout=30).read().decode()  # noqa: S310 - loopback
    files = re.findall(r'(?:href|src)="\./(static/js/[^"]+)"', page)
    host, port = url.split("//", 1)[1].split(":")
    queue, took, lock = list(files), [], threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        while True:
            with lock:
                if not queue:
                    break
                path = queue.pop()
            t = time.perf_counter()
            conn.request("GET", "/" + path, headers={"Accept-Encoding": "gzip"})
            conn.getresponse().read()
            took.append(time.perf_counter() - t)
        conn.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return time.perf_counter() - start, took


def bench_static(servers: Servers, rounds: int = 5) -> dict:
    """The page's script files over kept-alive connections, app and floor (after one warm
    round each: the app compresses a file on its first request)."""
    out: dict = {}
    for name, (proc, url) in (("app", servers.app()), ("floor", servers.floor())):
        try:
            _fetch_scripts(url)
            totals, each = [], []
            for _ in range(rounds):
                total, took = _fetch_scripts(url)
                totals.append(total * 1000)
                each += [t * 1000 for t in took]
            out[name] = {
                "files": len(each) // rounds,
                "all_ms": statistics.median(totals),
                "request_median_ms": statistics.median(each),
                "request_p95_ms": pct(each, 0.95),
            }
        finally:
            browser.stop_server(proc)
    return out


# --- earlier measures, kept ----------------------------------------------------------


def _time_to_map(pg, url: str, timeout: float = 60_000) -> float:
    t = time.perf_counter()
    pg.goto(url)
    pg.wait_for_function(
        f"() => document.querySelectorAll('{MAP_STATES}').length >= 51",
        timeout=timeout,
        polling=10,
    )
    return time.perf_counter() - t


def bench_map(servers: Servers, rounds: int = 8) -> dict:
    """Navigation -> overview map drawn, alternating with the floor."""
    exe = browser.chromium_path()
    if exe is None:
        return {"error": "Chromium not found"}
    app, app_url = servers.app()
    base, base_url = servers.floor()
    times: dict[str, list[float]] = {"app": [], "baseline": []}
    external = 0
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=exe, args=browser.CHROMIUM_FLAGS)
            for url in (app_url, base_url):  # warm both servers
                ctx = b.new_context()
                pg = ctx.new_page()
                browser.guard_page(pg)
                _time_to_map(pg, url)
                ctx.close()
            for i in range(rounds * 2):
                first = i % 2 == 0 if (i // 2) % 2 == 0 else i % 2 == 1
                which = "app" if first else "baseline"
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


def bench_filter_latency(servers: Servers, rounds: int = 10) -> dict:
    """Explore page: change a filter, time until the match map is redrawn."""
    exe = browser.chromium_path()
    if exe is None:
        return {"error": "Chromium not found"}
    proc, url = servers.app()
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


def machine() -> dict:
    mem = cpu = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // 1024 // 1024} GiB"
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
        "chromium": browser.chromium_path(),
        "lighthouse": lighthouse.LIGHTHOUSE_VERSION,
    }


def run(
    out_dir: Path = paths.ROOT / "bench-results",
    quick: bool = False,
    only: tuple[str, ...] = SECTIONS,
    servers: Servers | None = None,
) -> dict:
    servers = servers or Servers()
    report: dict = {
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "app": f"{servers.app_dir} ({servers.app_script})",
        "budgets": BUDGETS,
        "load_average_start": load_average(),
    }
    steps: dict[str, Callable[[], dict]] = {
        "lighthouse": lambda: bench_lighthouse(servers, 1 if quick else 2),
        "axe": lambda: bench_axe(servers),
        "phone": lambda: bench_phone(servers),
        "capacity": lambda: bench_capacity(servers, 1 if quick else 3, 5 if quick else 15),
        "sessions": lambda: bench_sessions(servers, quick),
        "scripts": lambda: bench_page_scripts(servers, 5 if quick else 20),
        "static": lambda: bench_static(servers, 2 if quick else 5),
        "build": lambda: bench_build(3 if quick else 5),
        "map": lambda: bench_map(servers, 3 if quick else 8),
        "filter": lambda: bench_filter_latency(servers, 3 if quick else 10),
        "exports": export_bench.measure,
    }
    wanted = [s for s in steps if s in only or (s == "sessions" and "capacity" in only)]
    for name in wanted:
        print(f"bench: {name} ...", flush=True)
        t = time.perf_counter()
        try:
            report[name] = steps[name]()
        except Exception as exc:  # noqa: BLE001 - report what failed, keep measuring
            report[name] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
        report.setdefault("seconds", {})[name] = round(time.perf_counter() - t, 1)
    report["load_average_end"] = load_average()
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    md = render(report)
    (out_dir / "report.md").write_text(md)
    print(md)
    return report


# --- the report ----------------------------------------------------------------------


def _f(v: object, fmt: str = "{:.1f}") -> str:
    return fmt.format(v) if isinstance(v, int | float) else "—"


def _mb(v: object) -> str:
    return f"{v / MB:.2f} MB" if isinstance(v, int | float) else "—"


def _range(s: dict, fmt: str = "{:.0f}", unit: str = "") -> str:
    if not s or s.get("median") is None:
        return "—"
    if s["n"] == 1:
        return f"{fmt.format(s['median'])}{unit}"
    return f"{fmt.format(s['median'])}{unit} ({fmt.format(s['min'])}-{fmt.format(s['max'])})"


def _lighthouse_lines(r: dict) -> list[str]:
    lh, axe = r.get("lighthouse", {}), r.get("axe", {})
    if not lh:
        return []
    if "error" in lh:
        return [f"Lighthouse: error: {lh['error']}", ""]
    lines = [
        "### What a page costs the browser",
        "",
        f"Lighthouse {lighthouse.LIGHTHOUSE_VERSION}, desktop, no throttling, no screen "
        f"emulation; median of {lh['runs']} runs (min-max). Load average during the runs: "
        f"{', '.join('/'.join(str(x) for x in la) for la in lh['load_average'])}.",
        "",
        "| page | Lighthouse accessibility, light / dark | bytes | budget | total blocking "
        "time | budget | console errors | axe violations (elements), light / dark |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, v in lh["pages"].items():
        budget = BUDGETS["bytes_light"] if name in LIGHT_PAGES else BUDGETS["bytes"]
        ax = " / ".join(
            f"{a['violations']} ({a['nodes']})" if "violations" in a else "—"
            for a in (axe.get(name, {}), axe.get(f"{name}:dark", {}))
        )
        a11y = f"{_f(v.get('accessibility_light'), '{:.0f}')} / {_f(v.get('accessibility_dark'), '{:.0f}')}"
        label = "**floor** (bare Streamlit + one plotly map)" if name == "floor" else f"`{name}`"
        lines.append(
            f"| {label} | {a11y} | {_mb(v['bytes']['median'])} | "
            f"{'—' if name == 'floor' else '≤ ' + _mb(budget)} | "
            f"{_range(v['tbt_ms'], unit=' ms')} | {'—' if name == 'floor' else '≤ 300 ms'} | "
            f"{len(v['console_errors'])} | {ax} |"
        )
    failing = {n: v["a11y_failing"] for n, v in lh["pages"].items() if v.get("a11y_failing")}
    if failing:
        lines += [
            "",
            "Failing accessibility audits: "
            + "; ".join(f"{n}: {', '.join(a)}" for n, a in failing.items()),
        ]
    errors = {n: v["console_errors"] for n, v in lh["pages"].items() if v["console_errors"]}
    if errors:
        lines += ["", "Console errors: " + "; ".join(f"{n}: {e}" for n, e in errors.items())]
    return [*lines, ""]


def _capacity_lines(r: dict) -> list[str]:
    cap, ses = r.get("capacity", {}), r.get("sessions", {})
    if not cap:
        return []
    if "error" in cap:
        return [f"Capacity: error: {cap['error']}", ""]
    lines = [
        "### What a page costs the server",
        "",
        f"Protocol-level client (analysis/tools/capacity.py), one process, {cap['clients']} "
        f"clients loading pages back to back for {cap['seconds']:.0f} s, {cap['rounds']} "
        "alternating rounds (median, min-max). The app loads its mix of pages "
        f"({len(capacity.APP_MIX)} paths), the floor its one page.",
        "",
        "| server | page loads a second | page-load p95 | errors | script runs per load |",
        "|---|---|---|---|---|",
    ]
    labels = {
        "app": "app",
        "floor": "floor (Streamlit's defaults)",
        "floor_no_gc": "floor with the app's `runner.postScriptGC = false`",
    }
    for which in [w for w in labels if w in cap]:
        v = cap[which]
        lines.append(
            f"| {labels[which]} | {_range(v['loads_per_s'], '{:.1f}')} | "
            f"{_range(v['latency_p95_ms'], unit=' ms')} | {v['errors']} | "
            f"{v['script_runs_per_load_max']} |"
        )
    lines += [
        "",
        f"App ÷ floor: **{_f(cap.get('ratio'), '{:.2f}')}** (target ≥ 1.00); app ÷ floor "
        f"with the same garbage-collection setting: {_f(cap.get('ratio_same_gc'), '{:.2f}')}.",
        "",
    ]
    if ses and "error" not in ses:
        mem = ses.get("memory", {})
        lines.append(
            f"Sessions held with page-load p95 under {ses['p95_limit_ms']:.0f} ms: "
            f"**{ses['sessions_held']}** concurrent sessions ("
            + ", ".join(
                f"{lv['clients']}: p95 {_f(lv['latency_p95_ms'], '{:.0f}')} ms"
                for lv in ses["levels"]
            )
            + f"). Memory per open session: **{_f(mem.get('mb_per_session'), '{:.2f}')} MB** "
            f"({mem.get('sessions')} sessions, {_f(mem.get('rss_before_mb'), '{:.0f}')} → "
            f"{_f(mem.get('rss_after_mb'), '{:.0f}')} MB)."
        )
        lines.append("")
    elif ses:
        lines += [f"Sessions: error: {ses['error']}", ""]
    return lines


def render(r: dict) -> str:
    m = r["machine"]
    lines = [
        f"# Benchmark ({r['date']})",
        "",
        f"Machine: {m['cpus']} cores ({m['cpu']}), {m['memory']}, Python {m['python']}, "
        f"{m['platform']}; Chromium {m['chromium']}. App: {r['app']}. Load average at the "
        f"start {r['load_average_start']}, at the end {r.get('load_average_end')}.",
        "",
    ]
    lines += _lighthouse_lines(r)
    ph = r.get("phone", {})
    if ph:
        lines += [
            "Phone (390 px wide viewport): "
            + (
                f"error: {ph['error']}"
                if "error" in ph
                else f"the overview map is drawn {ph['map_px']} px wide ({ph['map_share']:.0%} "
                f"of the viewport; chart box {ph['chart_px']} px); page scrolls sideways: "
                f"{'yes' if ph['page_scrolls_sideways'] else 'no'}."
            ),
            "",
        ]
    lines += _capacity_lines(r)
    ps = r.get("scripts", {})
    if ps:
        lines += [
            "### Page scripts (server side, idle server)",
            "",
            "| page | first load | fresh loads: median, p95 | reruns: median, p95 | budget |",
            "|---|---|---|---|---|",
        ]
        if "error" in ps:
            lines.append(f"| error | {ps['error']} | | | |")
        else:
            for page, v in ps.items():
                lines.append(
                    f"| `{page}` | {_f(v['first_ms'], '{:.0f}')} ms | "
                    f"{_f(v['fresh_median_ms'])} ms, {_f(v['fresh_p95_ms'])} ms | "
                    f"{_f(v['rerun_median_ms'])} ms, {_f(v['rerun_p95_ms'])} ms | ≤ 50 ms median |"
                )
        lines.append("")
    sf = r.get("static", {})
    if sf:
        lines += ["### Script files over kept-alive connections (6, as a browser)", ""]
        if "error" in sf:
            lines.append(f"error: {sf['error']}")
        else:
            for name, v in sf.items():
                lines.append(
                    f"- {name}: {v['files']} files in {_f(v['all_ms'], '{:.0f}')} ms; a request "
                    f"{_f(v['request_median_ms'])} ms median, {_f(v['request_p95_ms'])} ms p95"
                )
        lines.append("")
    other = []
    b = r.get("build", {})
    if b:
        other.append(f"| dataset build | {_f(b.get('median_s'), '{:.2f}')} s median | — |")
    bl = r.get("map", {})
    if bl:
        other.append(
            "| navigation → overview map drawn | "
            + (
                f"error: {bl['error']}"
                if "error" in bl
                else f"app {_f(bl['app_median_s'], '{:.2f}')} s, floor "
                f"{_f(bl['baseline_median_s'], '{:.2f}')} s, ratio "
                f"**{_f(bl['ratio'], '{:.2f}')}** ({bl['rounds']} rounds each, "
                f"{bl['external_requests']} external requests)"
            )
            + " | ≤ 1.10 |"
        )
    fl = r.get("filter", {})
    if fl:
        other.append(
            "| Explore filter → map redrawn | "
            + (
                f"error: {fl['error']}"
                if "error" in fl
                else f"{_f(fl['median_ms'], '{:.0f}')} ms median, "
                f"{_f(fl['p95_ms'], '{:.0f}')} ms p95 ({fl['rounds']} changes)"
            )
            + " | ≤ 300 ms median |"
        )
    ex = r.get("exports", {})
    if ex:
        if "error" in ex:
            other.append(f"| PNG export | error: {ex['error']} | ≤ 0.5 s |")
        else:
            other.append(
                f"| PNG export (warm) | {_f(ex.get('png_warm_s'), '{:.2f}')} s | ≤ 0.5 s |"
            )
        if "brief_pdf_s" in ex:
            other.append(
                f"| short brief PDF, 3 states x 3 topics (warm) | "
                f"{_f(ex.get('brief_pdf_s'), '{:.2f}')} s | — |"
            )
            runs = ", ".join(f"{s:.2f}" for s in ex.get("brief_cli_cold_runs_s", []))
            other.append(
                f"| the same from the command line, cold | "
                f"{_f(ex.get('brief_cli_cold_s'), '{:.2f}')} s median ({runs}) | ≤ 3 s |"
            )
    if other:
        lines += ["### Other measures", "", "| measure | result | target |", "|---|---|---|"]
        lines += [*other, ""]
    return "\n".join(lines) + "\n"
