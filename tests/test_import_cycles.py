"""No import cycle among the modules of src/disclose.

Every import counts, wherever it stands (module level, inside a function, under TYPE_CHECKING):
an import moved into a function only hides a cycle, it does not remove it. A module that imports
`pkg.mod` depends on `pkg.mod`; `from pkg import name` depends on `pkg.name` when that is a module,
else on `pkg` (its __init__)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
ROOT_PACKAGE = "disclose"


def modules(src: Path = SRC, root: str = ROOT_PACKAGE) -> dict[str, Path]:
    """Dotted name -> file of every module of the package (a package is its __init__)."""
    out = {}
    for path in sorted((src / root).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _absolute(name: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute module an import statement names (resolving `from . import x` and `from .m`)."""
    if level == 0:
        return target or ""
    base = name.split(".") if is_package else name.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that module `name` imports, anywhere in its text."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            mod = _absolute(name, is_package, node.level, node.module)
            for a in node.names:
                sub = f"{mod}.{a.name}"
                found.add(sub if sub in known else mod)
    return {m for m in found if m in known and m != name}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def import_graph(src: Path = SRC, root: str = ROOT_PACKAGE) -> dict[str, set[str]]:
    known = modules(src, root)
    return {name: imports(name, path, known) for name, path in known.items()}


def test_no_import_cycle_in_src():
    found = cycles(import_graph())
    assert not found, "import cycles among src/disclose modules: " + "; ".join(" <-> ".join(c) for c in found)


@pytest.mark.parametrize("files, expected", [
    # a -> b -> a, the second import hidden inside a function
    ({"a.py": "from pkg import b\n", "b.py": "def f():\n    from pkg import a\n"}, [["pkg.a", "pkg.b"]]),
    # relative imports, and one under TYPE_CHECKING
    ({"a.py": "from .b import X\n",
      "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .c import Y\n",
      "c.py": "import pkg.a\n"}, [["pkg.a", "pkg.b", "pkg.c"]]),
    # a package's __init__ importing its submodule, which imports a sibling: no cycle
    ({"__init__.py": "from .a import f\n", "a.py": "from . import b\n", "b.py": "x = 1\n"}, []),
])
def test_the_cycle_finder_finds_cycles(tmp_path, files, expected):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    files = {"__init__.py": "", **files}
    for name, text in files.items():
        (pkg / name).write_text(text, encoding="utf-8")
    assert cycles(import_graph(tmp_path, "pkg")) == expected
