"""Dependency direction: the programme does not know the FIMACS fund (funding contributes
its columns and links through `contributions` modules), and no module hides an import
error. An AST scan, so a lazy import inside a function counts too."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path, root: Path):
    """(line, module) of every import statement of a Python file, relative imports
    resolved against the file's package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield node.lineno, module
            for alias in node.names:  # `from cvv import funding`
                yield node.lineno, f"{module}.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", "") == "__import__"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield node.lineno, str(node.args[0].value)


def offending_imports(folders, forbidden, root=ROOT):
    """ "path:line" of each import of `forbidden` (or a submodule) under `folders`."""
    found = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            for line, module in imported_modules(path, root):
                if module == forbidden or module.startswith(forbidden + "."):
                    where = f"{path.relative_to(root)}:{line}"
                    if where not in found:
                        found.append(where)
    return found


PROGRAMME = ["cvv/programme", "cvv/www/programme_views"]


def test_programme_does_not_import_funding():
    assert offending_imports(PROGRAMME, "cvv.funding") == []


def test_the_scan_sees_every_form_of_import(tmp_path):
    """The scan is not vacuous: each way of importing funding is caught."""
    package = tmp_path / "cvv" / "programme"
    package.mkdir(parents=True)
    (package / "a.py").write_text("import cvv.funding.models\n")
    (package / "b.py").write_text("def f():\n    from cvv.funding import selectors\n")
    (package / "c.py").write_text("from cvv import funding\n")
    (package / "d.py").write_text("from ..funding.models import Dossier\n")
    (package / "e.py").write_text("from cvv.fundingx import y\nimport cvv.observatory\n")
    assert offending_imports(["cvv/programme"], "cvv.funding", root=tmp_path) == [
        "cvv/programme/a.py:1",
        "cvv/programme/b.py:2",
        "cvv/programme/c.py:1",
        "cvv/programme/d.py:1",
    ]


@pytest.mark.parametrize("folder", ["cvv/programme", "cvv/www"])
def test_no_import_error_is_hidden(folder):
    """`except ImportError` turned a renamed module or field into silent zeros."""
    hidden = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = {
                    getattr(n, "id", getattr(n, "attr", ""))
                    for n in ast.walk(node.type)
                    if isinstance(n, ast.Name | ast.Attribute)
                }
                if names & {"ImportError", "ModuleNotFoundError", "FieldError"}:
                    hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert hidden == []
