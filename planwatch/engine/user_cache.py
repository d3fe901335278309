"""The user cache directory, where planwatch keeps what it builds once for a machine (the gazetteer's index,
the compiled patterns), and how a file is written there: whole or not at all."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_dir() -> Path:
    """The user cache directory of planwatch (`$PLANWATCH_CACHE_DIR`, else the platform's)."""
    if os.environ.get("PLANWATCH_CACHE_DIR"):
        return Path(os.environ["PLANWATCH_CACHE_DIR"])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "planwatch" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "planwatch"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "planwatch"


def write_atomically(path: Path, data: bytes) -> bool:
    """Write `data` to `path` through a file of this process renamed over it: a reader, in this process or
    another, sees the old file or the new one. False when it cannot be written (a read-only home still works,
    only slower: what the file keeps is built again)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        return True
    except OSError:
        return False
