"""The synthetic network sits below the API and the benchmarks: `synthetic/` imports only
the domain, `api/` (with `goodwill generate`) nothing of `bench/`, and `bench/` nothing of
`api/` (it starts the API and its token command as child processes)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("api", "bench", "cypher", "domain", "projections", "synthetic")


def imported_packages(package: str) -> dict[str, set[str]]:
    """For each module of `package`, the project packages it imports."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = {
            name.split(".")[0] for name in names if name.split(".")[0] in PACKAGES}
    return found


@pytest.mark.parametrize(("package", "allowed"), [
    ("synthetic", {"synthetic", "domain"}),
    ("api", set(PACKAGES) - {"bench"}),
    ("bench", set(PACKAGES) - {"api"}),
])
def test_no_import_runs_up_the_layers(package: str, allowed: set[str]) -> None:
    modules = imported_packages(package)
    assert modules
    wrong = {module: sorted(uses - allowed) for module, uses in modules.items()
             if uses - allowed}
    assert wrong == {}
