"""Small generated sites for crawl tests."""

from __future__ import annotations

from pathlib import Path

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page {n}</title></head><body>
<header class="site-header"><nav><a href="/">Home</a></nav><a class="button" href="/donate/">Donate</a></header>
<main><h1>Article {n}</h1><p>Text of article {n}.</p>
<a href="https://twitter.com/intent/tweet?url=https%3A%2F%2Fexample.org%2Fp{n}%2F&amp;text=Article%20{n}">Tweet</a>
<a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.org%2Fp{n}%2F">Share</a>
{links}</main></body></html>"""


def write_site(folder: Path, pages: int) -> Path:
    """A site of ``pages`` article pages, each linking to the next few, with share buttons and a site-wide CTA."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(pages):
        links = "".join(f'<a href="/p{m}/">Article {m}</a> ' for m in range(n + 1, min(n + 4, pages)))
        target = folder / "index.html" if n == 0 else folder / f"p{n}" / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(PAGE.format(n=n, links=links + '<a href="/p1/">first</a>'), encoding="utf-8")
    (folder / "donate").mkdir(exist_ok=True)
    (folder / "donate" / "index.html").write_text("<html><body><h1>Donate</h1></body></html>")
    return folder
