"""The layers of docs/architecture.md hold: `lint-imports` keeps the contract in
pyproject.toml, and the drawing in the docs names the same layers in the same order."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def _contract() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["id"] == "layers")


def test_no_module_imports_from_a_layer_above_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code = lint_imports(config_filename="pyproject.toml", no_cache=True, no_logo=True)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "militancydb layers KEPT" in out


def test_the_architecture_drawing_is_the_contract() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    section = text.split("## Layers", 1)[1]
    drawing = section.split("```", 2)[1]
    drawn = [
        re.split(r"\s{2,}", line.strip())[0]
        for line in drawing.splitlines()
        if line and not line.startswith((" ", "│")) and line.strip()
    ]
    assert drawn == _contract()["layers"]
