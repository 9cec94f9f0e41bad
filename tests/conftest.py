"""Shared fixtures: a wheel of this checkout, installed in a clean venv where Node.js is absent."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import venv

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]


def contrast(colour: str, background: str) -> float:
    """WCAG's contrast ratio of two ``#rrggbb`` colours (4.5:1 for text, 3:1 for graphics)."""
    def luminance(hex_colour: str) -> float:
        channels = [c / 255 for c in _rgb(hex_colour)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(colour), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(a: str, b: str, share_a: float) -> str:
    """CSS ``color-mix(in srgb, a share_a, b)`` of two ``#rrggbb`` colours, as ``#rrggbb``."""
    return "#" + "".join(f"{round(share_a * x + (1 - share_a) * y):02x}" for x, y in zip(_rgb(a), _rgb(b), strict=True))


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def env_without_node() -> dict[str, str]:
    """The environment with every PATH entry that holds node or npm removed, and no PYTHONPATH (a
    checkout on it would be imported instead of the wheel under test)."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    keep = [d for d in env.get("PATH", "").split(os.pathsep) if d and not any((pathlib.Path(d) / exe).exists() for exe in ("node", "npm"))]
    env["PATH"] = os.pathsep.join(keep)
    return env


def pytest_collection_modifyitems(config, items):
    """The browser tests last (pytest would collect tests/e2e first).

    Their session-wide Playwright (its sync API) leaves an asyncio loop marked as running in the main
    thread for the rest of the session; the lab's ``run_after`` then hands a control's change to that
    loop, which never turns, and a unit test that moves a control would see nothing happen. Run first,
    the unit tests also fail fast.
    """
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)  # stable: order kept within each


@pytest.fixture(scope="session")
def wheel_path(tmp_path_factory) -> pathlib.Path:
    """Build with plain ``python -m build``: an sdist, then the wheel from that sdist, whose build runs
    the npm build through hatch-jupyter-builder (so the sdist must carry everything it needs)."""
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)])
    assert list(out.glob("ketawidget-*.tar.gz")), "no sdist"
    (wheel,) = out.glob("ketawidget-*.whl")
    return wheel


@pytest.fixture(scope="session")
def wheel_venv(wheel_path, tmp_path_factory) -> pathlib.Path:
    """A fresh venv with only the wheel, its dependencies and ipykernel; returns its python."""
    where = tmp_path_factory.mktemp("wheel-venv")
    venv.EnvBuilder(with_pip=True, clear=True).create(where)
    python = where / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "-q", str(wheel_path), "ipykernel"], env=env_without_node())
    assert shutil.which("node", path=env_without_node()["PATH"]) is None
    return python
