"""SHA256SUMS: the sha256 of every processed file, as the build wrote it.

The build writes data/processed/SHA256SUMS in the format of `sha256sum` (so
`cd data/processed && sha256sum -c SHA256SUMS` checks it too); the app and the command
line verify each file against it when they load the data (analysis.facts.load), and
refuse a file that was changed after the build.
"""

from __future__ import annotations

import hashlib
import re

from analysis.core.tables import CHECKSUMS_FILE

_LINE = re.compile(r"^([0-9a-f]{64})  ([A-Za-z0-9_.-]+)$")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(files: dict[str, bytes]) -> bytes:
    """SHA256SUMS for these files (every one but SHA256SUMS itself), sorted by name."""
    lines = [
        f"{sha256(data)}  {name}\n"
        for name, data in sorted(files.items())
        if name != CHECKSUMS_FILE
    ]
    return "".join(lines).encode("utf-8")


def parse(data: bytes) -> dict[str, str]:
    """{file name: sha256} from SHA256SUMS; ValueError names the first bad line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError("it is not UTF-8 text") from exc
    out: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        m = _LINE.match(line)
        if not m:
            raise ValueError(f"line {n} is not '<sha256>  <file name>'")
        if m.group(2) in out:
            raise ValueError(f"line {n} lists {m.group(2)} a second time")
        out[m.group(2)] = m.group(1)
    if not out:
        raise ValueError("it lists no file")
    return out
