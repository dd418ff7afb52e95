"""One home for each piece of knowledge (issue 12): the hosts of networks, video platforms and vendors are written in
``inbound_spiders/knowledge/`` only. A host written as a string literal anywhere else in the package is a second copy
that will drift from the first; this test finds it."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import inbound_spiders.extractors  # noqa: F401  (imported first: the knowledge modules import extractor helpers)
from inbound_spiders.knowledge import social, vendors, video_platforms

PACKAGE = Path(__file__).resolve().parent.parent / "inbound_spiders"
KNOWLEDGE = PACKAGE / "knowledge"


def known_hosts() -> set[str]:
    """Every host the knowledge modules name: social networks, video platforms and players, vendors, podcast apps."""
    hosts = set(social.HOSTS) | set(social.RENAMED_HOSTS) | set(social.RENAMED_HOSTS.values())
    hosts |= {host for player in video_platforms.PLAYERS for host in player.hosts}
    hosts |= {urlsplit(base).hostname or "" for base in video_platforms.LOOKUP_BASES.values()}
    hosts |= {host for vendor in vendors.VENDORS for host in (*vendor.hosts, *vendor.path_hosts)}
    hosts |= vendors.LISTENING_HOSTS
    return {host.removeprefix("www.") for host in hosts if "." in host}


def host_pattern(hosts: set[str]) -> re.Pattern[str]:
    """A host (or one of its subdomains) as a whole name: ``x.com`` is not in ``box.com``; dots plain or
    regex-escaped."""
    alternatives = (re.escape(host).replace(r"\.", r"(?:\.|\\\.)") for host in sorted(hosts, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes of a module, its classes and functions (examples in prose are not rules)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def hosts_in_literals(source: str, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    """``(line, host)`` of each known host in a string literal of ``source`` (docstrings aside)."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    return [
        (node.lineno, match.group())
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        for match in pattern.finditer(node.value)
    ]


@pytest.fixture(scope="module")
def pattern() -> re.Pattern[str]:
    return host_pattern(known_hosts())


def test_the_scan_finds_a_host_written_outside_knowledge(pattern: re.Pattern[str]) -> None:
    source = "\n".join(
        (
            '"""Docstrings may cite donorbox.org."""',
            'URL = "https://www.youtube.com/watch?v="',
            'RULE = r"change\\.org/p/"',
            'BOX = "dropbox.com"',
        )
    )
    assert hosts_in_literals(source, pattern) == [(2, "youtube.com"), (3, r"change\.org")]


def test_network_platform_and_vendor_hosts_are_written_in_knowledge_only(pattern: re.Pattern[str]) -> None:
    copies = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {host}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if KNOWLEDGE not in path.parents
        for line, host in hosts_in_literals(path.read_text(encoding="utf-8"), pattern)
    ]
    assert not copies, "hosts written outside inbound_spiders/knowledge/ (take them from it):\n" + "\n".join(copies)


def test_each_vendor_and_each_host_is_described_once() -> None:
    names = [vendor.name for vendor in vendors.VENDORS]
    assert len(names) == len(set(names))
    hosts = [host for vendor in vendors.VENDORS for host in (*vendor.hosts, *vendor.path_hosts)]
    assert len(hosts) == len(set(hosts))
    for vendor in vendors.VENDORS:
        assert all(re.compile(path) for path, _ in vendor.paths), vendor.name
        assert vendor.path_hosts or not vendor.paths or vendor.hosts, vendor.name  # path rules apply to its hosts
        assert vendor.markup is None or re.compile(vendor.markup), vendor.name
