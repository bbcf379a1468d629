"""No private name (``_name``) is imported from another module of the package: what one
module offers another is public, named and documented (issue 10)."""

from __future__ import annotations

import ast
from pathlib import Path

import militancydb

ROOT = Path(militancydb.__file__).parent


def private_imports() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            if node.level or not node.module.startswith("militancydb"):
                continue
            if node.module == module:
                continue
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: {alias.name} "
                                 f"from {node.module}")  # fmt: skip
    return found


def test_no_private_name_crosses_a_module() -> None:
    assert private_imports() == []


def test_the_check_sees_a_private_import(tmp_path: Path) -> None:
    tree = ast.parse("from militancydb.services.incident_store import _load\n")
    (node,) = tree.body
    assert isinstance(node, ast.ImportFrom) and node.names[0].name.startswith("_")
