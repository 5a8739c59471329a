"""The test suite's own rules: shared builders live in tests/factories.py and tests/world.py (no
test module imports another, so each can be read and run alone), and every test says in a
docstring what behaviour it proves."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def parsed(pattern: str) -> dict[str, ast.Module]:
    """The files of tests/ matching ``pattern``, parsed, by file name."""
    return {
        path.name: ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(TESTS.glob(pattern))
    }


def imported_test_modules(tree: ast.Module) -> set[str]:
    """The test modules (``tests.test_*``) a file imports, at the top or inside a function;
    relative imports are resolved inside the ``tests`` package."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = f"tests.{base}" if base else "tests"
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}  # from tests import test_x
    return {".".join(name.split(".")[:2]) for name in names if name.startswith("tests.test_")}


def undocumented_tests(tree: ast.Module) -> list[str]:
    """The names of the test functions in a file (methods and nested ones too) that have no
    docstring."""
    return [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
        and not ast.get_docstring(node)
    ]


def test_no_test_module_imports_another() -> None:
    """Test modules take shared builders from tests/factories.py or tests/world.py, never from
    another test module."""
    imports = {name: imported_test_modules(tree) for name, tree in parsed("*.py").items()}
    assert {name: found for name, found in imports.items() if found} == {}


def test_every_test_has_a_docstring() -> None:
    """Every test function in tests/ has a docstring saying what it proves."""
    missing = {name: undocumented_tests(tree) for name, tree in parsed("*.py").items()}
    assert {name: found for name, found in missing.items() if found} == {}


def test_the_checks_find_what_they_look_for() -> None:
    """Both checks find an offence where there is one (an import of a test module, at the top,
    relative or inside a function; a test with no docstring), so their passing means something."""
    tree = ast.parse(
        "from tests.test_boards import make_board\n"
        "from . import test_plans\n"
        "from tests.factories import make_risk\n"
        "def test_x():\n"
        "    import tests.test_api\n"
        "def test_y():\n"
        '    """Proves y."""\n'
        "def helper():\n"
        "    pass\n"
    )
    assert imported_test_modules(tree) == {
        "tests.test_boards",
        "tests.test_plans",
        "tests.test_api",
    }
    assert undocumented_tests(tree) == ["test_x"]
    assert "test_layers_tests.py" in parsed("*.py")  # the checks above read this very file
