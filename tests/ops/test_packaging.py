"""`pip install -e .` prints no setuptools warning: the two causes stay fixed in pyproject.toml
(reproduce: `pip install -e . --no-deps 2>&1 | grep -i warn` prints nothing)."""

import tomllib
from pathlib import Path

PYPROJECT = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())


def test_licence_is_an_spdx_string():
    # A TOML table (`{ text = … }`) is deprecated since setuptools 77 and warns at each build.
    assert PYPROJECT["project"]["license"] == "EUPL-1.2"
    assert "setuptools>=77" in PYPROJECT["build-system"]["requires"]


def test_flat_layout_is_declared():
    # Without it an editable install uses setuptools' import finder and warns about folders
    # named like the package; with it, a plain .pth line to the project directory.
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"": "."}
    assert PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"] == ["cvv*"]
