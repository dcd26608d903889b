"""No import runs up the layers (docs/architecture.md, "Layers"): every module's imports,
read from its source, stay within what its layer may import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

# Each layer and the project layers it may import (itself always).
MAY_IMPORT: dict[str, set[str]] = {
    "config": set(),
    "cypher": set(),
    "domain": {"config"},
    "scoring": set(),
    "graph": {"config", "cypher"},
    "projector": {"config", "cypher", "domain", "scoring", "graph"},
    "reads": {"config", "cypher", "domain", "scoring", "graph", "jobs"},
    "jobs": {"config", "cypher", "scoring", "graph"},
    "synthetic": {"config", "domain"},
    "api": {"config", "cypher", "domain", "scoring", "graph", "projector", "reads", "jobs",
            "synthetic"},
    # bench measures the API as users reach it: as a child process, never by importing it
    "bench": {"config", "cypher", "domain", "scoring", "graph", "projector", "reads", "jobs",
              "synthetic"},
}
# Third-party libraries a layer must not reach for (its job lies elsewhere).
MUST_NOT: dict[str, set[str]] = {
    "domain": {"neo4j", "strawberry", "starlette", "uvicorn", "typer", "rich"},
    "scoring": {"neo4j", "strawberry", "starlette", "eventsourcing"},
    "graph": {"strawberry", "starlette", "eventsourcing"},
    "projector": {"strawberry", "starlette", "typer"},
    "reads": {"strawberry", "starlette", "typer", "eventsourcing"},
    "jobs": {"strawberry", "starlette", "typer", "eventsourcing"},
    "synthetic": {"neo4j", "strawberry", "starlette"},
}


def imported(path: Path) -> set[str]:
    """Top-level names of everything `path` imports (at module level or inside functions)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def modules() -> list[tuple[str, Path]]:
    return [(layer, path) for layer in MAY_IMPORT for path in sorted((ROOT / layer).rglob("*.py"))]


def test_every_layer_exists_and_every_package_has_a_layer() -> None:
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages - {"tests"} == set(MAY_IMPORT)


@pytest.mark.parametrize(("layer", "path"), modules(), ids=lambda v: str(v))
def test_imports_run_down_the_layers(layer: str, path: Path) -> None:
    project = set(MAY_IMPORT) | {"tests"}
    names = imported(path)
    upward = (names & project) - MAY_IMPORT[layer] - {layer}
    assert not upward, f"{path.relative_to(ROOT)} imports {sorted(upward)}"
    forbidden = names & MUST_NOT.get(layer, set())
    assert not forbidden, f"{path.relative_to(ROOT)} imports {sorted(forbidden)}"


def test_no_test_folder_shadows_a_package() -> None:
    """pytest puts the folder of a test module on sys.path; a folder holding a folder named
    like a package (tests/unit/config) would shadow it in child processes."""
    folders = {p.parent for p in (ROOT / "tests").rglob("test_*.py")}
    shadowing = {str(f.relative_to(ROOT)): sorted(d.name for d in f.iterdir()
                                                    if d.is_dir() and d.name in MAY_IMPORT)
                 for f in folders}
    assert {f: names for f, names in shadowing.items() if names} == {}


def test_the_walk_sees_imports_inside_functions(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from bench.x import y\n    import neo4j.time\n")
    assert imported(source) == {"bench", "neo4j"}
