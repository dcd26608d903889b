"""Swapping an imported store in for the one the local Neo4j server serves.

Community has one user database, so the import cannot run beside it: the server stops, the
old store (and its transaction logs) moves aside, `neo4j-admin database import full` writes
the new one in its place, and the server starts on it. The old store is kept until the new
one answers — with the position the files were folded to — and is then deleted, freed
records and all (what the privacy guarantees need: nothing of a forgotten person in the
new files). Any failure on the way puts the old store back and starts the server on it.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
Step = Callable[[str], None]  # told each step as it begins


class SwapFailed(RuntimeError):
    """The new store could not be put in place; the old one serves again."""


def neo4jctl() -> ModuleType:
    """`ops/neo4j/neo4jctl.py` (a script, not a package: it runs before the venv exists)."""
    module = sys.modules.get("neo4jctl")
    if module is not None:
        return module
    spec = importlib.util.spec_from_file_location("neo4jctl", ROOT / "ops/neo4j/neo4jctl.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["neo4jctl"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def _move(source: Path, target: Path) -> None:
    if source.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(target, ignore_errors=True)
        source.rename(target)


class StoreSwap:
    """The steps around the import, on the server `instance` (a `neo4jctl.Instance`)."""

    def __init__(self, instance: Any, ctl: ModuleType | None = None) -> None:
        self.ctl = ctl or neo4jctl()
        self.instance = instance
        self.store, self.logs = self.ctl.store_folders(instance)
        aside = instance.home / "data" / "rebuild-previous"
        self.old_store, self.old_logs = aside / "store", aside / "transactions"

    def run(self, import_options: list[str], answers: Callable[[], None],
            step: Step = lambda _: None, report: Path | None = None) -> None:
        """Stop, import, start and check with `answers` (raises when the new store is not
        right); the old store back in place on any failure."""
        step("stopping Neo4j")
        self.ctl.stop(self.instance)
        _move(self.store, self.old_store)
        _move(self.logs, self.old_logs)
        try:
            step("importing the new store")
            self.ctl.import_database(self.instance, import_options, report=report)
            step("starting Neo4j on the new store")
            self.ctl.start(self.instance)
            step("checking the new store")
            answers()
        except BaseException as error:
            step("putting the old store back")
            self._roll_back()
            raise SwapFailed(f"the offline rebuild failed, the old graph serves again: "
                             f"{error}") from error
        step("deleting the old store")
        shutil.rmtree(self.old_store.parent, ignore_errors=True)

    def _roll_back(self) -> None:
        self.ctl.stop(self.instance)
        shutil.rmtree(self.store, ignore_errors=True)
        shutil.rmtree(self.logs, ignore_errors=True)
        _move(self.old_store, self.store)
        _move(self.old_logs, self.logs)
        self.ctl.start(self.instance)
        shutil.rmtree(self.old_store.parent, ignore_errors=True)
