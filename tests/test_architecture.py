"""The package layout: stages import each other's public faces only, and never upwards.

Every module under ``geo/`` and ``gazetteer/`` (and ``app.py``) is read as
source, not imported, and each import it makes (at the top or inside a
function) is checked:

* a stage imports only stages below it (the order is ``STAGES``);
* from another stage it imports only the names that stage's ``__init__``
  lists in ``__all__`` (``from geo.store import Store``), never one of its
  modules (``from geo.store.sqlite import Store``);
* nothing under ``geo/`` or ``gazetteer/`` imports Streamlit.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Lowest first: a stage may import the stages before it, never one after it.
STAGES = ["geo.exc", "geo.settings", "geo.text", "gazetteer", "geo.parse", "geo.events", "geo.store",
          "geo.ingest", "geo.review", "geo.web", "geo.evaluation", "geo", "app"]
# Plain modules (not packages): imported whole, they have no private inside.
MODULES = {"geo.exc", "geo.settings"}
# The top of the package: the CLI and ``from geo import Geoparser``.
TOP = {"geo", "geo.cli", "geo.cli_review", "geo.cli_live", "geo.__main__"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stage_of(module: str) -> str | None:
    """The stage a dotted module name belongs to, or None outside the project."""
    if module in TOP:
        return "geo"
    if module in ("app", "app_review", "serve"):
        return "app"
    for stage in sorted(STAGES, key=len, reverse=True):
        if module == stage or module.startswith(stage + "."):
            return stage
    return None


def _is_module(dotted: str) -> bool:
    base = ROOT.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _public_names(stage: str) -> set[str]:
    tree = ast.parse((ROOT.joinpath(*stage.split(".")) / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            return set(ast.literal_eval(node.value))
    return set()


def _sources() -> list[Path]:
    files = sorted((ROOT / "geo").rglob("*.py")) + sorted((ROOT / "gazetteer").rglob("*.py"))
    return files + [ROOT / "app.py", ROOT / "app_review.py", ROOT / "serve.py"]


def imports_of(path: Path, text: str) -> list[tuple[int, str, str | None]]:
    """(line, module, name) for each import in a file's text; name is None for ``import x``."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(text, str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            found += [(node.lineno, base, alias.name) for alias in node.names]
    return found


def violations(path: Path, text: str | None = None) -> list[str]:
    """What in one file (or the text given for it) breaks the layering rules, as ``file:line: reason``."""
    here = stage_of(_module_name(path))
    text = path.read_text(encoding="utf-8") if text is None else text
    bad = []
    for line, module, name in imports_of(path, text):
        where = f"{path.relative_to(ROOT)}:{line}"
        if module.split(".")[0] == "streamlit" and here != "app":
            bad.append(f"{where}: imports streamlit")
            continue
        # ``from geo import settings`` names a module; ``from geo.text import wordlists`` a public one.
        target = f"{module}.{name}" if name and _is_module(f"{module}.{name}") else module
        there = stage_of(target)
        if there is None or there == here:
            continue
        if STAGES.index(there) > STAGES.index(here):
            bad.append(f"{where}: {here} imports {target}, a stage above it")
        elif there not in MODULES and module != there:
            bad.append(f"{where}: imports {module}, inside {there}; import from {there} itself")
        elif there not in MODULES and name is not None and name not in _public_names(there):
            bad.append(f"{where}: {name} is not in {there}.__all__")
    return bad


def test_every_stage_has_a_docstring_and_a_public_face():
    for stage in STAGES:
        if stage in MODULES or stage in ("geo", "app"):
            continue
        init = ROOT.joinpath(*stage.split(".")) / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"{init} has no docstring"
        assert _public_names(stage), f"{init} has no __all__"


def test_the_tree_shows_the_stages():
    packages = {p.name for p in (ROOT / "geo").iterdir() if (p / "__init__.py").is_file()}
    assert packages == {s.split(".")[1] for s in STAGES if s.startswith("geo.") and s not in MODULES}
    modules = {p.name for p in (ROOT / "geo").glob("*.py")}
    assert modules == {"__init__.py", "__main__.py", "cli.py", "cli_review.py", "cli_live.py", "exc.py", "settings.py"}


def test_no_module_breaks_the_layering():
    bad = [v for path in _sources() for v in violations(path)]
    assert not bad, "\n".join(bad)


def test_public_names_exist():
    import importlib

    for stage in STAGES:
        if stage in MODULES or stage in ("geo", "app"):
            continue
        module = importlib.import_module(stage)
        missing = [n for n in module.__all__ if not hasattr(module, n)]
        assert not missing, f"{stage}.__all__ names what it does not have: {missing}"


@pytest.mark.parametrize("text, expected", [
    ("import streamlit as st\n", "imports streamlit"),
    ("from geo.text.tokens import tokenize\n", "inside geo.text"),
    ("from geo.text import _TOKEN\n", "not in geo.text.__all__"),
    ("from geo.web import mapping\n", "a stage above it"),
    ("from geo.store import _insert\n", "a stage above it"),
    ("from gazetteer.index import load\n", "inside gazetteer"),
    ("from gazetteer import not_public\n", "not in gazetteer.__all__"),
], ids=["streamlit", "private-module", "not-public", "upwards", "upwards-private", "gazetteer-private",
        "gazetteer-not-public"])
def test_the_check_catches_each_kind_of_violation(text, expected):
    """The rules fire on a module planted (as text only) inside the parse stage."""
    found = violations(ROOT / "geo" / "parse" / "planted.py", text)
    assert any(expected in v for v in found), found


def test_a_clean_import_passes():
    assert violations(ROOT / "geo" / "parse" / "planted.py", "from geo.text import tokenize\nfrom geo import settings\n") == []
