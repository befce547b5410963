"""The shape of the package: one-way imports, no hidden state, stages that pass values."""

from __future__ import annotations

import ast
import collections
import dataclasses
import importlib
import pkgutil
from pathlib import Path

import numpy as np

import compare

PACKAGE = Path(compare.__file__).resolve().parent
MUTABLE = (dict, list, set, bytearray, collections.deque)
OPTIONAL = {"pyspark", "py4j", "pyarrow", "pandas"}  # `pip install "compare[spark]"`


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every compare module ``module`` imports anywhere: top level, inside functions, under TYPE_CHECKING."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for name in names:
            while name and name not in known:
                name = name.rsplit(".", 1)[0] if "." in name else ""
            # Importing a submodule runs its package's __init__ first, so a package is a dependency
            # too, except of its own submodules (Python has run it before them).
            if name and name != module and not module.startswith(name + "."):
                targets.add(name)
    return targets


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the list of modules on it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for other in sorted(graph[node]):
            if state.get(other) == 1:
                return [*stack[stack.index(other):], other]
            if other not in state and (found := visit(other)):
                return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycles() -> None:
    """No module reaches itself through imports, counting imports inside functions and under TYPE_CHECKING."""
    known = _modules()
    graph = {module: _imports(module, path, known) for module, path in known.items()}
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_models_is_the_ground_floor() -> None:
    """models.py imports no stage: every stage may use it, it uses none."""
    known = _modules()
    assert _imports("compare.models", known["compare.models"], known) <= {"compare.errors"}


def test_no_module_level_mutable_state() -> None:
    """Besides constants nothing lives in a module: no dict, list or set, no writable array, no mutable object.

    Memoised pure functions (functools caches) are allowed: they hold what a
    function would compute anyway, never a value a stage hands to another.
    """
    found = []
    for info in pkgutil.walk_packages(compare.__path__, "compare."):
        if info.name == "compare.__main__":  # runs the CLI when imported
            continue
        try:
            module = importlib.import_module(info.name)
        except ModuleNotFoundError as error:  # the Spark engine without its optional extra installed
            assert (error.name or "").partition(".")[0] in OPTIONAL, error
            continue
        for name, value in vars(module).items():
            if name.startswith("__"):
                continue
            writable_array = isinstance(value, np.ndarray) and value.flags.writeable
            open_dataclass = (dataclasses.is_dataclass(value) and not isinstance(value, type)
                              and not type(value).__dataclass_params__.frozen)  # type: ignore[attr-defined]
            if isinstance(value, MUTABLE) or writable_array or open_dataclass:
                found.append(f"{info.name}.{name}: {type(value).__name__}")
    assert found == []
