"""numba's on-disk cache is dropped when the model's sources change (ketawidget.model._compiled_cache)."""

from pathlib import Path

from ketawidget.model import _compiled_cache as cc


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    sources, cache = tmp_path / "model", tmp_path / "model" / "__pycache__"
    cache.mkdir(parents=True)
    (sources / "dynamics.py").write_text("RATE = 1.0\n")
    (sources / "solver.py").write_text("from .dynamics import RATE\n")
    for name in ("solver.integrate_slow-282.py311.nbi", "solver.integrate_slow-282.py311.1.nbc"):
        (cache / name).write_bytes(b"compiled")
    (cache / "solver.cpython-311.pyc").write_bytes(b"bytecode")
    return sources, cache


def test_a_change_in_any_model_source_drops_every_cached_function(tmp_path):
    sources, cache = _tree(tmp_path)
    # A cache without a stamp (built before stamps existed) is dropped once, then stamped.
    assert len(cc.drop_stale_compiled_code(sources, [cache])) == 2
    assert (cache / cc.STAMP_NAME).read_text() == cc.source_digest(sources)
    (cache / "solver.integrate_slow-282.py311.nbi").write_bytes(b"compiled again")
    assert cc.drop_stale_compiled_code(sources, [cache]) == []  # same sources: kept
    # dynamics.py changes, solver.py does not: numba alone would reuse solver's stale code.
    (sources / "dynamics.py").write_text("RATE = 2.0\n")
    assert [p.name for p in cc.drop_stale_compiled_code(sources, [cache])] == ["solver.integrate_slow-282.py311.nbi"]
    assert (cache / "solver.cpython-311.pyc").exists()  # Python's own bytecode is not numba's business


def test_the_installed_model_cache_is_stamped_with_its_sources():
    import ketawidget.model  # noqa: F401 - the import runs the check

    dirs = cc.model_cache_dirs()
    assert any(d.name == "__pycache__" or "numba" in str(d) for d in dirs)
    writable = [d for d in dirs if (d / cc.STAMP_NAME).exists()]
    assert writable, f"no stamp in {dirs}"
    assert all((d / cc.STAMP_NAME).read_text() == cc.source_digest() for d in writable)
