"""Read the raw sources and refuse any whose checksum no longer matches data/sources.json.

The provenance records themselves (Source, load_sources) are in analysis.core.sources.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from analysis.core import paths
from analysis.core.errors import BuildError
from analysis.core.sources import Source, load_sources


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BuildError(path, None, f"cannot read raw source: {exc.strerror}") from exc
    if not data.strip():
        raise BuildError(path, 1, "file is empty")
    return data


def decode(path: Path, data: bytes) -> str:
    """UTF-8 text of a raw file; binary content or another encoding is refused by line."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        raise BuildError(path, line, "binary content (NUL byte); expected UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BuildError(
            path, line, f"not valid UTF-8 at byte {exc.start} (wrong encoding?)"
        ) from exc


def verify_checksum(path: Path, data: bytes, source: Source) -> None:
    """Refuse a raw file whose sha256 differs from its record, naming the first changed line."""
    digest = sha256_of(data)
    if digest == source.sha256:
        return
    lines = data.split(b"\n")
    first = None
    for i, line in enumerate(lines):
        recorded = source.line_sha256_prefixes[i] if i < len(source.line_sha256_prefixes) else None
        if recorded != hashlib.sha256(line).hexdigest()[:12]:
            first = i + 1
            break
    if first is None and len(lines) != source.line_count:
        first = min(len(lines), source.line_count) + 1
    raise BuildError(
        path,
        first,
        f"checksum mismatch: sha256 {digest[:16]}... differs from the record in "
        f"data/sources.json ({source.sha256[:16]}...); this line differs from the recorded "
        "source. Restore the file from ../shared/seeds; or, if the source really changed, "
        "update the record: every reviewed value whose cell changed then fails until it is "
        "reviewed again (cell_sha256 in data/reviewed/reviewed_values.csv).",
    )


def read_raw(
    filename: str,
    raw_dir: Path = paths.RAW,
    sources_file: Path = paths.SOURCES_FILE,
    check: bool = True,
) -> str:
    """The text of a raw source after checking encoding and (if check) its sha256."""
    sources = load_sources(sources_file)
    path = raw_dir / filename
    if filename not in sources:
        raise BuildError(path, None, "no provenance record in data/sources.json")
    data = read_bytes(path)
    text = decode(path, data)
    if check:
        verify_checksum(path, data, sources[filename])
    return text
