"""Imports point one way: the stage folders of ita_site/ in pipeline order, held by an ast walk.

Every import inside ita_site (function-level ones included) is checked against RULE: a module may
import its own folder and the folders its folder lists. The order is the pipeline's:

    foundation (ita_site/*.py: errors, urls, thai, periods, workers)
      <- content <- model <- checks <- pages <- render <- publish <- pipeline <- preview <- cli
    authoring may use foundation, content, model, checks; nothing in the build imports authoring.
    deploy (`ita-site deploy`, `verify`) may use the build up to pipeline; only cli imports deploy.

EXCEPTIONS lists the imports that break the rule today, to be removed one by one; an exception that no
longer happens fails the test too, so the list only shrinks. Import circles between modules are found
the same way (CIRCLES lists today's).

A new module goes into the folder of the stage it belongs to; its imports then have to follow RULE.
No module is over 300 lines either.
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "ita_site"

ORDER = ["foundation", "content", "model", "checks", "pages", "render", "publish", "pipeline", "preview"]
RULE = {layer: set(ORDER[: i + 1]) for i, layer in enumerate(ORDER)}
RULE["authoring"] = {"foundation", "content", "model", "checks", "authoring"}
RULE["deploy"] = set(ORDER[: ORDER.index("pipeline") + 1]) | {"deploy"}   # after the build; nothing imports it
RULE["cli"] = set(ORDER) | {"authoring", "deploy", "cli"}
TOP = {"cli": "cli", "cli_parser": "cli", "__main__": "cli", "pipeline": "pipeline"}   # other top-level modules: foundation

# (importer, imported) pairs allowed against RULE while their cause is being fixed.
# Add one only with a comment saying why and when it goes; a stale one fails the test.
EXCEPTIONS: set[tuple[str, str]] = set()
# Import circles between modules (each the sorted tuple of its modules) still tolerated: none are left.
CIRCLES: set[tuple[str, ...]] = set()


def modules() -> dict[str, Path]:
    """'content.load' -> path, 'urls' -> path, 'pipeline' -> path (packages' __init__ included)."""
    found = {}
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1] or ["__init__"]
        found[".".join(parts)] = path
    return found


def layer(name: str) -> str:
    head = name.split(".")[0]
    if "." in name or (PKG / head).is_dir():
        return head
    return TOP.get(head, "foundation")


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The ita_site modules that `name` imports anywhere in its file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
            bases = [t for t in targets if t == "ita_site" or t.startswith("ita_site.")]
            found |= {b.removeprefix("ita_site").lstrip(".") for b in bases}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".") if package else []
                parts = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
                base = ".".join(parts + ([node.module] if node.module else []))
            elif node.module == "ita_site" or (node.module or "").startswith("ita_site."):
                base = node.module.removeprefix("ita_site").lstrip(".")
            else:
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}" if base else alias.name
                found.add(sub if sub in known else base)
    return {f for f in found if f and f != name and f in known}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def against_rule(edges: dict[str, set[str]]) -> set[tuple[str, str]]:
    bad = set()
    for source, targets in edges.items():
        allowed = RULE[layer(source)]
        bad |= {(source, t) for t in targets if layer(t) not in allowed}
    return bad


def circles(edges: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), set()

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.add(tuple(sorted(component)))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_every_module_is_in_a_known_folder():
    for name in modules():
        assert layer(name) in RULE, f"ita_site/{name}: a new folder needs a line in RULE (tests/test_imports.py)"


def test_imports_point_one_way():
    bad = against_rule(graph())
    new = sorted(bad - EXCEPTIONS)
    assert not new, "imports against the stage order (see tests/test_imports.py docstring):\n" + "\n".join(
        f"  ita_site/{s.replace('.', '/')} imports {t} ({layer(s)} may use: {', '.join(sorted(RULE[layer(s)]))})"
        for s, t in new)
    stale = sorted(EXCEPTIONS - bad)
    assert not stale, f"these exceptions no longer happen: delete them from EXCEPTIONS: {stale}"


def test_no_new_import_circles():
    found = circles(graph())
    assert found - CIRCLES == set(), f"new import circles: {sorted(found - CIRCLES)}"
    assert CIRCLES - found == set(), f"these circles are gone: delete them from CIRCLES: {sorted(CIRCLES - found)}"


def test_no_module_is_over_300_lines():
    long = sorted(name for name, path in modules().items() if len(path.read_text(encoding="utf-8").splitlines()) > 300)
    assert not long, f"split these modules along their jobs (at most 300 lines each): {long}"


def test_the_walk_sees_function_level_and_aliased_imports(tmp_path):
    """The checker itself: a late import against the order is caught, an allowed one is not."""
    known = {"model.site": tmp_path / "a.py", "pages.views": tmp_path / "b.py", "urls": tmp_path / "c.py"}
    source = tmp_path / "a.py"
    source.write_text("from ita_site import urls\n\ndef f():\n    from ita_site.pages import views as v\n")
    found = imports("model.site", source, known)
    assert found == {"urls", "pages.views"}
    assert against_rule({"model.site": found}) == {("model.site", "pages.views")}
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {("a", "b", "c")}
