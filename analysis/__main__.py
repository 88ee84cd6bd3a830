"""Command line: python -m analysis build | claims | ..."""

from __future__ import annotations

import argparse
import sys
import time

from analysis.errors import BuildError


def _build(args: argparse.Namespace) -> int:
    from analysis import pipeline

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
    from analysis import claims, data

    for r in claims.evaluate_claims(data.load_dataset()):
        print(f"[{r.verdict.upper():8}] {r.quote}\n           {r.explanation}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="rebuild data/processed from data/raw").set_defaults(fn=_build)
    sub.add_parser("claims", help="check the source's narrative claims").set_defaults(fn=_claims)
    args = parser.parse_args(argv)
    try:
        return args.fn(args)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
