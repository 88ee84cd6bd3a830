"""The one error type the build raises: it names the file, the line and the problem."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_DATA_FOLDERS = ("raw", "reviewed", "processed")


def shown_path(path: Path | str) -> str:
    """A path as people may see it: relative to the project, never the server's layout.

    A file outside the project (a test's copy, PO_PROCESSED_DIR) is named by the data
    folder it stands for, or by its name alone.
    """
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except (ValueError, OSError):
        pass
    if path.parent.name in _DATA_FOLDERS:
        return f"data/{path.parent.name}/{path.name}"
    if path.name in _DATA_FOLDERS:
        return f"data/{path.name}"
    if path.name == "sources.json":
        return "data/sources.json"
    return path.name


class BuildError(Exception):
    """Malformed or changed input. The message names file, line and problem."""

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        shown = shown_path(path)
        where = f"{shown}:{line}" if line else shown
        super().__init__(f"{where}: {problem}")
