"""The package's shape, pinned: no import cycle between modules, no module over 300 lines, no function over 60
lines or with more than 8 parameters outside ``cli/``.

Run as a script (``python tests/test_structure.py``) it prints the counts.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tradeoff"
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60
MAX_PARAMETERS = 8


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Modules of the package that ``name`` imports at module level or in functions (any import counts:
    a function-level import that closes a cycle is a cycle hidden, not removed)."""
    out: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name and not (name.startswith(target + ".") and target.count(".") == 0):
                out.add(target)
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    graph = {name: _imports(name, path, known) for name, path in modules.items()}
    # a package's __init__ re-exporting its own modules is not a dependency of those modules on it
    return {name: {t for t in deps if not _is_parent_package(t, name)} for name, deps in graph.items()}


def _is_parent_package(target: str, name: str) -> bool:
    return name.startswith(target + ".")


def import_cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _parameters(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    a = fn.args
    names = [*a.posonlyargs, *a.args, *a.kwonlyargs]
    return len([n for n in names if n.arg not in ("self", "cls")])


def oversized() -> tuple[list[str], list[str], list[str]]:
    """(modules over the line limit, functions over the line limit, functions over the parameter limit),
    each as ``path[:function] (count)``; ``cli/`` is exempt from the function limits."""
    long_modules, long_functions, wide_functions = [], [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent)
        lines = len(path.read_text().splitlines())
        if lines > MAX_MODULE_LINES:
            long_modules.append(f"{rel} ({lines})")
        if rel.parts[1] == "cli":
            continue
        for fn in _functions(ast.parse(path.read_text())):
            length = (fn.end_lineno or fn.lineno) - fn.lineno + 1
            if length > MAX_FUNCTION_LINES:
                long_functions.append(f"{rel}:{fn.name} ({length})")
            if _parameters(fn) > MAX_PARAMETERS:
                wide_functions.append(f"{rel}:{fn.name} ({_parameters(fn)})")
    return long_modules, long_functions, wide_functions


def test_no_import_cycles() -> None:
    assert import_cycles() == []


def test_modules_and_functions_are_small() -> None:
    long_modules, long_functions, wide_functions = oversized()
    assert long_modules == [], f"modules over {MAX_MODULE_LINES} lines"
    assert long_functions == [], f"functions over {MAX_FUNCTION_LINES} lines"
    assert wide_functions == [], f"functions with more than {MAX_PARAMETERS} parameters"


if __name__ == "__main__":
    cycles = import_cycles()
    modules, functions, wide = oversized()
    print(f"import cycles: {len(cycles)}")
    for c in cycles:
        print("  " + " <-> ".join(c))
    print(f"modules over {MAX_MODULE_LINES} lines: {len(modules)}")
    print(*(f"  {m}" for m in modules), sep="\n") if modules else None
    print(f"functions over {MAX_FUNCTION_LINES} lines (outside cli/): {len(functions)}")
    print(*(f"  {f}" for f in functions), sep="\n") if functions else None
    print(f"functions with more than {MAX_PARAMETERS} parameters (outside cli/): {len(wide)}")
    print(*(f"  {f}" for f in wide), sep="\n") if wide else None
