"""The incident and claim writers are used through their public interface (issue 10,
point 2): no module imports a private name of ``services.incident_store`` or
``services.claims``."""

from __future__ import annotations

import ast
from pathlib import Path

import militancydb

WRITERS = {"militancydb.services.incident_store", "militancydb.services.claims"}


def private_imports(root: Path) -> list[str]:
    """``file: module._name`` for every import of a writer's private name under ``root``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in WRITERS:
                found += [
                    f"{path.relative_to(root)}: {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_")
                ]
    return found


def test_no_private_names_of_the_writers_imported() -> None:
    assert private_imports(Path(militancydb.__file__).parent) == []


def test_the_check_sees_a_private_import(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(
        "from militancydb.services.incident_store import _secret, write_new\n"
    )
    assert private_imports(tmp_path) == ["bad.py: militancydb.services.incident_store._secret"]
