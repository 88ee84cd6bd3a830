"""Lighthouse and axe-core for the benchmark: bytes, blocking time, console errors, a11y counts.

Lighthouse 12.2.3 (the last line that runs on Node 20; 13 needs Node 22) is installed from
the npm registry on first use into a folder outside the repository (`PO_TOOLS_DIR`, default
~/.cache/po-dashboard/bench-tools), never into the project. It runs Debian's Chromium
headless, desktop form factor, no throttling and no screen emulation:

    CHROME_PATH=/usr/bin/chromium npx lighthouse URL --chrome-flags="--headless --no-sandbox" \\
        --form-factor=desktop --screenEmulation.disabled --throttling-method=provided

axe-core is the copy Lighthouse itself depends on (node_modules/axe-core), injected into the
page with Playwright. Nothing here runs in the test suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from analysis.tools import browser

LIGHTHOUSE_VERSION = "12.2.3"
INSTALL_HINT = (
    f"needs Node.js 20 and npm: `npm install -E lighthouse@{LIGHTHOUSE_VERSION}` into "
    "$PO_TOOLS_DIR (default ~/.cache/po-dashboard/bench-tools), which the benchmark does "
    "itself when npm can reach its registry"
)
CHROME_FLAGS = "--headless --no-sandbox"
# Chromium's own switch for prefers-color-scheme: dark (Lighthouse emulates no scheme).
DARK_FLAG = "--blink-settings=preferredColorScheme=0"
FLAGS = (
    "--form-factor=desktop",
    "--screenEmulation.disabled",
    "--throttling-method=provided",
    "--output=json",
    "--quiet",
)
CATEGORIES = "performance,best-practices,accessibility"


class ToolMissing(RuntimeError):
    """Lighthouse or Chromium is not available (the message says how to get it)."""


def tools_dir() -> Path:
    default = Path.home() / ".cache" / "po-dashboard" / "bench-tools"
    return Path(os.environ.get("PO_TOOLS_DIR", default)) / f"lighthouse-{LIGHTHOUSE_VERSION}"


def lighthouse_bin() -> Path:
    return tools_dir() / "node_modules" / ".bin" / "lighthouse"


def axe_source() -> Path:
    return tools_dir() / "node_modules" / "axe-core" / "axe.min.js"


def ensure_installed() -> Path:
    """The Lighthouse executable, installed first if missing (npm, outside the repo)."""
    exe = lighthouse_bin()
    if exe.exists():
        return exe
    npm = shutil.which("npm")
    if npm is None:
        raise ToolMissing(f"Lighthouse is not installed and npm was not found: {INSTALL_HINT}")
    folder = tools_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text('{"name": "po-bench-tools", "private": true}\n')
    done = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0 or not exe.exists():
        raise ToolMissing(
            f"npm could not install Lighthouse ({done.stderr[-300:]}): {INSTALL_HINT}"
        )
    return exe


def parse(report: dict) -> dict:
    """The numbers the benchmark keeps from a Lighthouse JSON report."""
    audits = report["audits"]
    cats = report.get("categories", {})
    a11y = cats.get("accessibility", {})
    failing = [
        ref["id"]
        for ref in a11y.get("auditRefs", [])
        if ref.get("weight", 0) > 0
        and (audits.get(ref["id"], {}).get("score") or 0) < 1
        and audits.get(ref["id"], {}).get("scoreDisplayMode") == "binary"
    ]
    out = {
        "accessibility": None if a11y.get("score") is None else round(a11y["score"] * 100),
        "a11y_failing": failing,
    }
    if "total-byte-weight" not in audits:  # an accessibility-only run
        return out
    requests = audits["network-requests"]["details"]["items"]
    console = audits.get("errors-in-console", {}).get("details", {}).get("items", [])
    biggest = sorted(requests, key=lambda r: -r.get("transferSize", 0))[:6]
    return out | {
        "bytes": int(audits["total-byte-weight"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"], 1),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"], 1),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"], 1),
        "requests": len(requests),
        "console_errors": [
            f"{c.get('source', '')}: {str(c.get('description', ''))[:160]}" for c in console
        ],
        "largest": [
            {"url": r["url"].split("/", 3)[-1][:80], "bytes": r.get("transferSize", 0)}
            for r in biggest
        ],
        # Where the main thread's time went, by script (Lighthouse's "bootup-time").
        "bootup": [
            {"url": b["url"].split("/", 3)[-1][:80], "ms": round(b.get("total", 0))}
            for b in sorted(
                audits.get("bootup-time", {}).get("details", {}).get("items", []),
                key=lambda b: -b.get("total", 0),
            )[:5]
        ],
        "warnings": report.get("runWarnings", []),
    }


def run(
    url: str,
    chrome: str | None = None,
    timeout: float = 180,
    dark: bool = False,
    categories: str = CATEGORIES,
    attempts: int = 3,
) -> dict:
    """One Lighthouse run of `url` (a page of a local server); the parsed numbers. With
    `dark`, Chromium prefers the dark colour scheme (the app then draws its dark theme).
    A run Lighthouse itself fails (it sometimes loses the trace: NO_NAVSTART) is made again,
    up to `attempts` in all."""
    exe = ensure_installed()
    chrome = chrome or browser.chromium_path()
    if chrome is None:
        raise ToolMissing("Chromium not found (Debian package 'chromium')")
    failures = []
    for _attempt in range(attempts):
        try:
            return _run_once(url, exe, chrome, timeout, dark, categories)
        except RuntimeError as exc:  # Lighthouse's own trace errors (NO_NAVSTART) pass
            failures.append(str(exc))
    raise RuntimeError(f"{attempts} attempts: " + " | ".join(failures))


def _run_once(
    url: str, exe: Path, chrome: str, timeout: float, dark: bool, categories: str
) -> dict:
    with tempfile.TemporaryDirectory(prefix="po-lh-") as tmp:
        out = Path(tmp) / "report.json"
        done = subprocess.run(
            [
                str(exe),
                url,
                f"--chrome-flags={CHROME_FLAGS}{' ' + DARK_FLAG if dark else ''}",
                *FLAGS,
                f"--only-categories={categories}",
                f"--output-path={out}",
            ],
            env={**os.environ, "CHROME_PATH": chrome},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"lighthouse failed on {url}: {done.stderr[-400:]}")
        return parse(json.loads(out.read_text(encoding="utf-8")))


def axe_counts(page) -> dict:
    """axe-core's violations on a loaded Playwright page: rules and nodes, by impact."""
    source = axe_source()
    if not source.exists():
        ensure_installed()
    page.add_script_tag(content=source.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length})); }"
    )
    by_impact: dict[str, int] = {}
    for v in result:
        by_impact[v["impact"] or "unknown"] = by_impact.get(v["impact"] or "unknown", 0) + 1
    return {
        "violations": len(result),
        "nodes": sum(v["nodes"] for v in result),
        "by_impact": by_impact,
        "rules": sorted(f"{v['id']} ({v['nodes']})" for v in result),
    }
