"""Command line: python -m analysis build | claims | brief | charts | datapackage | release"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from analysis.core import paths
from analysis.core.errors import BuildError, shown_path


class CommandError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def _build(args: argparse.Namespace) -> int:
    from analysis.build import pipeline

    t0 = time.perf_counter()
    result = pipeline.build()
    counts = result.evidence["method"].value_counts().to_dict()
    print(
        f"built data/processed: {len(result.dataset)} jurisdictions, {len(result.evidence)} "
        f"coded values ({counts.get('rule', 0)} by rule, {counts.get('reviewed', 0)} reviewed), "
        f"{len(result.notes)} WomensLaw statements, in {time.perf_counter() - t0:.2f} s"
    )
    return 0


def _claims(args: argparse.Namespace) -> int:
    from analysis.build import claims
    from analysis.facts import load

    for r in claims.evaluate_claims(load.load_dataset()):
        print(f"[{r.verdict.upper():8}] {r.quote}\n           {r.explanation}")
    return 0


def _load_dataset():
    from analysis.facts import load

    try:
        return load.load_dataset()
    except load.DataUnavailable as exc:
        raise CommandError(str(exc)) from exc


def _out_file(path: str) -> Path:
    out = Path(path)
    if out.exists() and out.is_dir():
        raise CommandError(f"--out {path} is a folder; give a file name")
    if not out.parent.exists():
        raise CommandError(f"--out {path}: the folder {out.parent} does not exist")
    return out


def _brief(args: argparse.Namespace) -> int:
    from analysis.core import links
    from analysis.publish import briefs

    try:
        states = briefs.parse_states(args.states)
        topics = briefs.parse_topics(args.topics)
        public_url = (
            links.public_base(args.public_url) if args.public_url else links.configured_public_url()
        )
    except briefs.BriefError as exc:
        raise CommandError(str(exc)) from exc
    except links.PublicUrlError as exc:
        where = "--public-url" if args.public_url else links.PUBLIC_URL_ENV
        raise CommandError(f"{where}: {exc}") from exc
    fmt = args.format or (Path(args.out).suffix.lstrip(".").lower() if args.out else "pdf")
    fmt = {"markdown": "md", "htm": "html"}.get(fmt, fmt)
    if fmt not in briefs.FORMATS:
        raise CommandError(f"unknown format {fmt!r}: choose --format pdf, html or md")
    out = _out_file(args.out) if args.out else None
    df = _load_dataset()
    t0 = time.perf_counter()
    command = (
        f"python -m analysis brief --states {','.join(states)} --topics "
        f"{','.join(topics)} --length {args.length} --format {fmt}"
    )
    b = briefs.build(
        df,
        states,
        topics,
        length=args.length,
        public_url=public_url,
        command=command,
        charts=not args.no_charts,
    )
    data = briefs.render(b, fmt)
    out = out or Path(briefs.filename(b, fmt))
    out.write_bytes(data)
    print(
        f"wrote {out} ({b.length} brief, {fmt}, {len(data) / 1024:.0f} KB, {len(b.topics)} "
        f"topics, {len(states)} jurisdictions) in {time.perf_counter() - t0:.1f} s"
    )
    return 0


def _charts(args: argparse.Namespace) -> int:
    from analysis.figures.registry import all_charts
    from analysis.publish import images

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CommandError(f"--out {args.out} is a file; give a folder")
    out.mkdir(parents=True, exist_ok=True)
    df = _load_dataset()
    charts = all_charts()
    wanted = [n.strip() for n in args.only.split(",")] if args.only else list(charts)
    unknown = [n for n in wanted if n not in charts]
    if unknown:
        raise CommandError(
            f"unknown chart(s): {', '.join(unknown)} (registered: {', '.join(charts)})"
        )
    t0 = time.perf_counter()
    images_ok, written = images.images_available(), 0
    if not images_ok:
        print(f"note: {images.NO_BROWSER_MESSAGE} Writing HTML only.", file=sys.stderr)
    for name in wanted:
        title, builder = charts[name]
        fig = builder(df)
        view = (args.base_url.rstrip("/") + "/") if args.base_url else ""
        view = view or f"python -m analysis charts (chart {name})"
        (out / f"{name}.html").write_bytes(images.chart_file(fig, "html", view))
        written += 1
        if images_ok:
            try:
                (out / f"{name}.png").write_bytes(images.chart_file(fig, "png", view))
                (out / f"{name}.svg").write_bytes(images.chart_file(fig, "svg", view))
                written += 2
            except images.ImagesUnavailable as exc:
                print(f"note: {exc} Writing HTML only.", file=sys.stderr)
                images_ok = False
        print(f"  {name}: {title}")
    print(
        f"wrote {written} files for {len(wanted)} charts to {out} in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    return 0 if images_ok else 3


def _datapackage(args: argparse.Namespace) -> int:
    from analysis.core import package

    path = package.write()
    print(f"wrote {path}")
    return 0


def _release(args: argparse.Namespace) -> int:
    from analysis.core.release import ReleaseError
    from analysis.tools import release

    try:
        for line in release.run():
            print(line)
    except ReleaseError as exc:
        raise CommandError(str(exc)) from exc
    return 0


def _quiet_excepthook(exc_type, exc, tb) -> None:
    """Leftover browser temp folders at exit are reported in one line, not a traceback."""
    if issubclass(exc_type, OSError):
        print(f"note: could not remove a temporary browser folder ({exc})", file=sys.stderr)
        return
    sys.__excepthook__(exc_type, exc, tb)


def _bench(args: argparse.Namespace) -> int:
    from analysis.tools import bench

    only = tuple(s.strip() for s in args.only.split(",")) if args.only else bench.SECTIONS
    unknown = [s for s in only if s not in bench.SECTIONS]
    if unknown:
        raise CommandError(f"unknown section(s) {', '.join(unknown)}: {', '.join(bench.SECTIONS)}")
    app_dir = Path(args.app_dir).resolve()
    if not (app_dir / args.app_script).is_file():
        raise CommandError(f"--app-dir {args.app_dir} has no {args.app_script}")
    bench.run(Path(args.out), args.quick, only, bench.Servers(app_dir, args.app_script))
    return 0


def _loadtest(args: argparse.Namespace) -> int:
    import json

    from analysis.tools import loadtest

    if not 1 <= args.sessions <= 50 or not 1 <= args.seconds <= 600:
        raise CommandError("--sessions must be 1-50 and --seconds 1-600 (bounded by design)")
    result = loadtest.run(args.sessions, args.seconds, args.backends)
    print(json.dumps(result.summary(), indent=2))
    return 0 if not result.errors else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="rebuild data/processed from data/raw").set_defaults(fn=_build)
    sub.add_parser("claims", help="check the source's narrative claims").set_defaults(fn=_claims)
    b = sub.add_parser("brief", help="write a policy brief (PDF, HTML or Markdown)")
    b.add_argument("--states", required=True, help="USPS codes, e.g. MS,AL,TN (at most 12)")
    b.add_argument(
        "--topics",
        default="duration,penalties,transmission,who_may_apply,remedies,fees",
        help="comma-separated: duration, penalties, "
        "transmission, who_may_apply, remedies, fees (default: all)",
    )
    b.add_argument(
        "--format", choices=("pdf", "html", "md"), help="default: from --out's extension, else pdf"
    )
    b.add_argument(
        "--length",
        choices=("short", "full"),
        default="short",
        help="short: findings, one comparison table, one chart, citations (2 pages for 3 "
        "states and 3 topics); full: every topic in depth (default: short)",
    )
    b.add_argument("--out", help="output file (default: a descriptive name in this folder)")
    b.add_argument(
        "--public-url",
        help="the app's public address, for the brief's link and citation, e.g. "
        "https://example.org/protective-orders (default: $PO_PUBLIC_URL; without one the "
        "citation names the dataset version and files)",
    )
    b.add_argument("--no-charts", action="store_true", help="leave the charts out")
    b.set_defaults(fn=_brief)
    c = sub.add_parser("charts", help="write every registered chart as PNG, SVG and HTML")
    c.add_argument("--out", required=True, help="output folder (created if missing)")
    c.add_argument("--only", help="comma-separated chart names (default: all)")
    c.add_argument("--base-url", help="app URL printed on each chart, e.g. http://127.0.0.1:8501/")
    c.set_defaults(fn=_charts)
    sub.add_parser("datapackage", help="write data/processed/datapackage.json").set_defaults(
        fn=_datapackage
    )
    sub.add_parser(
        "release",
        help="record this version's values (data/releases.json), stamp CITATION.cff, rebuild",
    ).set_defaults(fn=_release)
    k = sub.add_parser(
        "bench", help="page weight and blocking time, capacity, page scripts, exports"
    )
    k.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    k.add_argument("--out", default=str(paths.ROOT / "bench-results"), help="report folder")
    k.add_argument(
        "--only",
        help="comma-separated sections: lighthouse, axe, phone, capacity, scripts, build, "
        "map, filter, exports (default: all)",
    )
    k.add_argument(
        "--app-dir",
        default=str(paths.ROOT),
        help="measure another checkout of the app (default: this one)",
    )
    k.add_argument(
        "--app-script",
        default="serve.py",
        help="the script to serve in --app-dir (default serve.py; dashboard.py for a checkout "
        "without it)",
    )
    k.set_defaults(fn=_bench)
    lt = sub.add_parser("loadtest", help="N browser sessions at once for T seconds")
    lt.add_argument("--sessions", type=int, default=10)
    lt.add_argument("--seconds", type=float, default=60)
    lt.add_argument(
        "--backends",
        type=int,
        default=1,
        help="Streamlit processes behind nginx with sticky sessions (default 1)",
    )
    lt.set_defaults(fn=_loadtest)
    args = parser.parse_args(argv)
    if args.command in ("brief", "charts"):
        sys.excepthook = _quiet_excepthook
    try:
        return args.fn(args)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = shown_path(exc.filename) if exc.filename else ""
        print(f"error: {exc.strerror or exc}: {where}".rstrip(": "), file=sys.stderr)
        return 1
    finally:
        images = sys.modules.get("analysis.publish.images")
        if images is not None:
            images.shutdown()


if __name__ == "__main__":
    sys.exit(main())
