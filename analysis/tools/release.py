"""`python -m analysis release`: record a version's values, stamp CITATION.cff, rebuild.

Run after raising `version` in pyproject.toml and writing its CHANGELOG.md entry
(`## [X.Y.Z] - YYYY-MM-DD`). It refuses a version that is not newer than every recorded
one, or one already recorded with other values; it never edits the changelog, whose
words (which values changed, and why) are the releaser's.
"""

from __future__ import annotations

import json
import re

from analysis.build import pipeline
from analysis.core import release


def stamp_citation(text: str, ver: str, day: str) -> str:
    """CITATION.cff with its version and release date set."""
    text = re.sub(r"(?m)^version: .*$", f"version: {ver}", text, count=1)
    return re.sub(r"(?m)^date-released: .*$", f"date-released: {day}", text, count=1)


def run() -> list[str]:
    """Record the current version; returns what was done and what is left to do."""
    ver = release.version()
    entries = release.changelog_versions(release.CHANGELOG.read_text(encoding="utf-8"))
    if ver not in entries or not entries[ver]:
        raise release.ReleaseError(
            f"CHANGELOG.md has no dated entry for {ver}: add '## [{ver}] - YYYY-MM-DD' "
            "saying which values changed"
        )
    day = entries[ver]
    records = release.releases()
    newer = [v for v in records if v != ver and release.version_key(v) >= release.version_key(ver)]
    if newer:
        raise release.ReleaseError(
            f"version {ver} is not newer than {', '.join(newer)}: raise it in pyproject.toml"
        )
    digest = release.values_digest(pipeline.build_frames().files)
    if ver in records and records[ver]["values"] != digest:
        raise release.ReleaseError(
            f"version {ver} was released with other values: raise the version in "
            "pyproject.toml and add a CHANGELOG.md entry"
        )
    records = {
        ver: {"released": day, "values": digest},
        **{k: v for k, v in records.items() if k != ver},
    }
    release.RELEASES_FILE.write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    cff = release.CITATION.read_text(encoding="utf-8")
    release.CITATION.write_text(stamp_citation(cff, ver, day), encoding="utf-8")
    pipeline.build()  # stamps the version and its date into the data package and summary
    return [
        f"recorded version {ver} ({day}) in data/releases.json",
        "stamped CITATION.cff and rebuilt data/processed",
        "left to do: `uv lock` (the project's version is in uv.lock), run the tests, commit, "
        f"then `git tag -a v{ver} -m 'Version {ver}'`",
    ]
