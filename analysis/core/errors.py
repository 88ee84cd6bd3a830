"""The one error type the build raises: it names the file, the line and the problem."""

from __future__ import annotations

from pathlib import Path


class BuildError(Exception):
    """Malformed or changed input. The message names file, line and problem."""

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}")
