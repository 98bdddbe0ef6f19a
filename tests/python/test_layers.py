"""The package's dependencies point one way: no import cycle (imports inside
functions count, type-only imports do not), the display leaf imports no model,
and no module takes another module's underscore-prefixed name from outside its
own subpackage."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "python" / "styrkort"


def _modules():
    out = {}
    for path in [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.pyi")]:  # _core is compiled: its stubs name it
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(name, path, modules):
    """(module imported, name taken) pairs, type-only imports left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only |= {id(n) for n in ast.walk(node)}
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if id(node) in typing_only or not isinstance(node, ast.ImportFrom) or node.level == 0:
            continue
        base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
        for alias in node.names:
            full = f"{target}.{alias.name}"
            yield (full, None) if full in modules else (target, alias.name)


def _graph():
    modules = _modules()
    sources = {m: p for m, p in modules.items() if p.suffix == ".py"}
    return modules, {m: {t for t, _ in _imports(m, p, modules) if t in sources and t != m} for m, p in sources.items()}


def test_no_import_cycle():
    modules, graph = _graph()
    state, cycle = {}, []

    def visit(m, stack):
        state[m] = 1
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                cycle.append(stack[stack.index(t) :] + [t])
            elif t not in state:
                visit(t, stack + [t])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert not cycle, f"import cycles: {cycle[:3]}"


def test_the_display_leaf_imports_no_model():
    _, graph = _graph()
    for m, targets in graph.items():
        if m.startswith("styrkort._display"):
            outside = {t for t in targets if not t.startswith("styrkort._display") and t != "styrkort.errors"}
            assert not outside, f"{m} imports {sorted(outside)}"


def test_no_private_name_from_outside_its_subpackage():
    modules = _modules()
    found = []
    for m, path in modules.items():
        if path.suffix != ".py":
            continue
        package = m if path.name == "__init__.py" else m.rsplit(".", 1)[0]
        for target, name in _imports(m, path, modules):
            if name and name.startswith("_") and not name.startswith("__"):
                same = package != "styrkort" and (target == package or target.startswith(package + "."))
                if not same:
                    found.append(f"{m}: {name} from {target}")
    assert not found, found
