"""Every function, method and class of the extractor modules has a docstring (issue 3: "each function documented").

The modules are read with :mod:`ast`, not imported, so nested helpers and properties are checked too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

EXTRACTORS = Path(__file__).parent.parent / "inbound_spiders" / "extractors"
MODULES = sorted(EXTRACTORS.glob("*.py"))
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def undocumented(source: str) -> list[str]:
    """``line: name`` of every function, method or class of ``source`` (nested ones included) without a docstring."""
    return [
        f"{node.lineno}: {node.name}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, _DEFINITIONS) and ast.get_docstring(node) is None
    ]


def test_the_scan_sees_every_kind_of_undocumented_definition() -> None:
    # Without this, a scan that looked at nothing would pass the test below.
    source = '''
def documented():
    """Says what it returns."""
    def nested():
        return 1
    return nested

class Plain:
    @property
    def value(self):
        # a comment is no docstring
        return 2

async def fetch():
    return 3
'''
    assert sorted(undocumented(source), key=lambda found: int(found.split(":")[0])) == [
        "4: nested",
        "8: Plain",
        "10: value",
        "14: fetch",
    ]


def test_the_extractor_modules_are_all_scanned() -> None:
    kinds = {"calls_to_action.py", "share_widgets.py", "videos.py", "team_pages.py", "contribution_platforms.py"}
    assert kinds <= {path.name for path in MODULES}


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_every_function_method_and_class_has_a_docstring(path: Path) -> None:
    missing = undocumented(path.read_text(encoding="utf-8"))
    assert not missing, f"{path.name}: no docstring on " + ", ".join(missing)
