"""The provenance of the raw sources (data/sources.json): title, publisher, date, sha256.

Read by the build (which verifies the files against it) and by every output that cites
the sources (Methods, data files, the data package, briefs).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from analysis.core import paths
from analysis.core.errors import BuildError


@dataclass(frozen=True)
class Source:
    """A raw source document with its provenance."""

    filename: str
    title: str
    publisher: str
    as_of: str | None
    as_of_note: str
    role: str
    sha256: str
    line_count: int = 0
    line_sha256_prefixes: list[str] = field(default_factory=list)


def load_sources(sources_file: Path = paths.SOURCES_FILE) -> dict[str, Source]:
    """The provenance records of every raw source, keyed by file name."""
    try:
        records = json.loads(sources_file.read_text(encoding="utf-8"))
        return {name: Source(filename=name, **rec) for name, rec in records.items()}
    except (OSError, ValueError, TypeError) as exc:
        raise BuildError(sources_file, None, f"cannot read sources metadata: {exc}") from exc
