"""Whether a file the crawl is asked to write (a feed, a capture) can be written, checked before the crawl starts."""

from __future__ import annotations

import tempfile
from pathlib import Path


def unwritable_file(path: Path) -> str | None:
    """Why nothing can be written at ``path``: it is a folder, or nothing can be written where it would go; ``None``
    when it can. Nothing is left behind: the missing folders (created when the file is written) are not created, the
    trial file is removed."""
    path = path.expanduser()
    if path.is_dir():
        return "is a folder; name a file"
    # The nearest folder that exists ("%(name)s" placeholders of a feed are filled later).
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is a file, not a folder"
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return f"cannot write in {folder} ({error.strerror or error})"
    return None
