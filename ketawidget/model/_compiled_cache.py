"""numba's on-disk cache, kept in step with the model's sources.

numba reuses a cached function for as long as the file that defines it is unchanged. It does not look
at the files that function calls into, nor at constants it reads from other modules. So after an
update that changed ``dynamics.py`` but not ``solver.py``, ``solver.integrate_slow`` kept running the
old equations against the new parameter layout, and nothing said so. Measured on this project after a
pull: mTORC1 1.08x and spine density ``inf``, where a fresh compile gives 1.49x and 1.24.

So on import the model hashes its own sources. When the hash differs from the one stamped beside the
cache, every cached model function is dropped, and each is compiled afresh on first use (once, about
20 s). The check costs about a millisecond. Nothing is compiled at import, so nothing stale can have
been loaded before the check.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from pathlib import Path

__all__ = ["source_digest", "drop_stale_compiled_code", "model_cache_dirs"]

#: The stamp beside the cached files: the digest of the sources they were compiled from.
STAMP_NAME = "ketawidget-model-sources.sha256"
_SOURCE_DIR = Path(__file__).resolve().parent


def source_digest(source_dir: Path = _SOURCE_DIR) -> str:
    """SHA-256 over the names and contents of the ``*.py`` files in ``source_dir``."""
    digest = hashlib.sha256()
    for path in sorted(source_dir.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def model_cache_dirs() -> set[Path]:
    """Where numba keeps the imported model modules' compiled functions (beside the sources, or in
    numba's per-user cache when the package directory is read-only)."""
    from numba.core.registry import CPUDispatcher

    dirs = set()
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(__package__ + "."):
            continue
        for value in vars(module).values():
            path = getattr(getattr(value, "_cache", None), "_cache_path", None) if isinstance(value, CPUDispatcher) else None
            if path:
                dirs.add(Path(path))
    return dirs or {_SOURCE_DIR / "__pycache__"}


def drop_stale_compiled_code(source_dir: Path = _SOURCE_DIR, cache_dirs: Iterable[Path] | None = None) -> list[Path]:
    """Delete the cached compiled functions in ``cache_dirs`` that were built from other sources.

    Parameters
    ----------
    source_dir : Path
        The sources the cache must match (default: this package).
    cache_dirs : iterable of Path, optional
        Default: :func:`model_cache_dirs`.

    Returns
    -------
    list of Path
        The files deleted (none when every stamp matches). A directory that cannot be written is
        left as it is.
    """
    digest = source_digest(source_dir)
    dropped: list[Path] = []
    for cache_dir in model_cache_dirs() if cache_dirs is None else cache_dirs:
        stamp = Path(cache_dir) / STAMP_NAME
        try:
            if stamp.read_text() == digest:
                continue
        except OSError:  # no stamp yet: a new cache, or one from before stamps
            pass
        try:
            for path in sorted(Path(cache_dir).glob("*.nb[ic]")):
                path.unlink()
                dropped.append(path)
            Path(cache_dir).mkdir(parents=True, exist_ok=True)
            stamp.write_text(digest)
        except OSError:  # read-only: numba itself will not write here either
            continue
    return dropped
