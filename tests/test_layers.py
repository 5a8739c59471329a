"""The apps form layers that read bottom-up (docs/architecture.md, "Layers"): an app imports only
apps below it, so there is no import cycle between apps, hidden or not.

Every import counts, at the top of a module or inside a function, except those under
``if TYPE_CHECKING:`` (type hints only) and in migrations (Django writes them). A model may still
name a model above it by string (``"plans.Action"``): that is not an import.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "preventplan"

# Lowest first. An app may import any app before it in this list, and none after it. ``records``
# (the register pattern), ``registers`` and ``cases`` are places kept for apps still to come.
LAYERS = [
    "lib",
    "audit",
    "accounts",
    "catalogue",
    "organisations",
    "records",
    "sharing",
    "plans",
    "performance",
    "programme",
    "tension",
    "registers",
    "engagement",
    "cases",
    "dashboards",
    "reports",
    "reminders",
    "assurance",
    "api",
    "core",
]
LEVEL = {app: n for n, app in enumerate(LAYERS)}


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    importer: str
    imported: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.importer} imports {self.imported}, "
            f"which is above it in tests/test_layers.py LAYERS"
        )


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_modules(tree: ast.AST, package: str) -> list[tuple[int, str]]:
    """Every module an import statement names, with its line, skipping TYPE_CHECKING blocks.
    ``package`` is the importing module's package, for relative imports."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking_only(node):
            for statement in node.orelse:  # the else branch runs
                visit(statement)
            return
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            # "from preventplan import plans" names the app in the alias, not the module.
            if module == "preventplan":
                found.extend((node.lineno, f"preventplan.{a.name}") for a in node.names)
            else:
                found.append((node.lineno, module))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "preventplan" else None


def violations(source: str, path: str, app: str, package: str) -> list[Violation]:
    found = []
    for line, module in imported_modules(ast.parse(source), package):
        imported = app_of(module)
        if imported in LEVEL and imported != app and LEVEL[imported] > LEVEL[app]:
            found.append(Violation(path, line, app, imported))
    return found


def modules() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if "migrations" not in p.relative_to(PACKAGE).parts
    )


def test_no_app_imports_an_app_above_it() -> None:
    """No module of any app imports an app above it: not at the top, not inside a function."""
    found: list[Violation] = []
    for path in modules():
        relative = path.relative_to(PACKAGE)
        if len(relative.parts) == 1:
            continue  # settings, urls, wsgi: the project itself, above every app
        package = ".".join(["preventplan", *relative.parts[:-1]])
        found += violations(
            path.read_text(), str(path.relative_to(PACKAGE.parent)), relative.parts[0], package
        )
    assert not found, "Imports against the layers:\n" + "\n".join(map(str, found))


def test_every_app_has_a_layer() -> None:
    """A new app (or package) must be given its place in the layers before it can be checked."""
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages - set(LAYERS) == set()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from preventplan.reports.builders import BUILDERS\n", ["reports"]),
        ("def f():\n    from preventplan.programme.models import Risk\n", ["programme"]),
        ("import preventplan.core.views\n", ["core"]),
        ("from preventplan import dashboards\n", ["dashboards"]),
        ("from ..sharing import models\n", []),
        ("from ..tension import models\n", ["tension"]),
        ("from preventplan.organisations.models import Role\n", []),
        ("from preventplan.plans.views import plan_list\n", []),
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from preventplan.reports.models import ReportRun\n",
            [],
        ),
    ],
)
def test_the_check_sees_every_kind_of_import(source: str, expected: list[str]) -> None:
    """The check finds upward imports written any way (inside functions too, relatively, as a
    package attribute) and lets downward, same-app and type-checking-only imports pass."""
    found = violations(source, "preventplan/plans/x.py", "plans", "preventplan.plans")
    assert [v.imported for v in found] == expected
    assert all(str(v).startswith("preventplan/plans/x.py:") for v in found)
