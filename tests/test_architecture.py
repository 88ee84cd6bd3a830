"""The layers of analysis/ and the rules between them, checked on the source (AST).

The rules are the README's "Architecture" section: each layer may import only the layers
listed for it; only the app layer (and the pages and dashboard.py above it) imports
Streamlit (the tools may import its protocol messages, `streamlit.proto`, to act as a
client); nothing imports inside a function (the command line's dispatcher excepted, which
loads one command's layer on demand so `python -m analysis build` does not start plotly
or Streamlit). A forbidden import fails with the file, the line and the rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ANALYSIS = ROOT / "analysis"

# layer -> the layers it may import (besides itself). Lowest first.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "build": {"core"},
    "facts": {"core"},
    "figures": {"core", "facts"},
    "publish": {"core", "facts", "figures"},
    "app": {"core", "facts", "figures", "publish"},
    "tools": {"core", "build", "facts", "figures", "publish"},
}
LAYERS = tuple(ALLOWED)
STREAMLIT_LAYERS = {"app"}
# The developer tools speak Streamlit's wire protocol as a client (tools/capacity.py): they may
# import its message definitions, never the framework itself.
STREAMLIT_PROTOCOL = {"tools": "streamlit.proto"}


def layer_of(path: Path, root: Path = ANALYSIS) -> str | None:
    rel = path.relative_to(root).parts
    return rel[0] if len(rel) > 1 and rel[0] in ALLOWED else None


def imports(tree: ast.AST) -> list[tuple[int, str, bool]]:
    """(line, module, inside a function) for every import statement."""
    out: list[tuple[int, str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                out.extend((child.lineno, a.name, in_function) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                out.append((child.lineno, child.module, in_function))
                if child.module == "analysis":
                    out.extend(
                        (child.lineno, f"analysis.{a.name}", in_function) for a in child.names
                    )
            visit(child, inside)

    visit(tree, False)
    return out


def violations(root: Path = ANALYSIS) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        layer = layer_of(path, root)
        rel = path.relative_to(root.parent)
        for line, module, in_function in imports(ast.parse(path.read_text(encoding="utf-8"))):
            parts = module.split(".")
            if in_function and path.relative_to(root) != Path("__main__.py"):
                found.append(f"{rel}:{line}: imports {module} inside a function")
            protocol = STREAMLIT_PROTOCOL.get(layer or "")
            wire = protocol is not None and (
                module == protocol or module.startswith(protocol + ".")
            )
            if parts[0] == "streamlit" and layer not in STREAMLIT_LAYERS and not wire:
                found.append(f"{rel}:{line}: imports streamlit outside the app layer")
            if parts[0] != "analysis" or len(parts) < 2 or layer is None:
                continue
            target = parts[1]
            if target not in ALLOWED:
                found.append(f"{rel}:{line}: imports {module}, which is in no layer")
            elif target != layer and target not in ALLOWED[layer]:
                found.append(f"{rel}:{line}: {layer} may not import {target} ({module})")
    return found


def test_every_module_is_in_a_layer():
    loose = [
        p.relative_to(ROOT).as_posix()
        for p in ANALYSIS.glob("*.py")
        if p.name not in ("__init__.py", "__main__.py")
    ]
    assert loose == [], "modules outside the layer packages"
    assert sorted(p.name for p in ANALYSIS.iterdir() if (p / "__init__.py").exists()) == sorted(
        LAYERS
    )


def test_imports_follow_the_layers():
    assert violations() == []


def test_pages_are_thin():
    """Pages import analysis only through the app layer and lower; never build or tools."""
    bad = []
    for path in [*sorted((ROOT / "pages").glob("*.py")), ROOT / "dashboard.py"]:
        for line, module, _ in imports(ast.parse(path.read_text(encoding="utf-8"))):
            parts = module.split(".")
            if parts[0] == "analysis" and len(parts) > 1 and parts[1] in ("build", "tools"):
                bad.append(f"{path.relative_to(ROOT)}:{line}: {module}")
    assert bad == []


@pytest.mark.parametrize(
    ("layer", "source", "problem"),
    [
        ("core", "from analysis.facts import metrics\n", "core may not import facts"),
        ("facts", "from analysis import figures\n", "facts may not import figures"),
        ("build", "import streamlit as st\n", "imports streamlit outside the app layer"),
        ("tools", "import streamlit.runtime\n", "imports streamlit outside the app layer"),
        ("build", "from streamlit.proto import BackMsg_pb2\n", "outside the app layer"),
        ("figures", "def f():\n    from analysis.facts import load\n", "inside a function"),
        ("publish", "from analysis.app import cache\n", "publish may not import app"),
    ],
)
def test_the_checker_catches_a_forbidden_import(tmp_path, layer, source, problem):
    """The same checker, on a copy of the tree with one forbidden import added."""
    fake = tmp_path / "analysis"
    for name in LAYERS:
        (fake / name).mkdir(parents=True)
        (fake / name / "__init__.py").write_text("")
    (fake / layer / "bad.py").write_text(source)
    found = violations(fake)
    assert len(found) == 1 and problem in found[0], found
