"""The wheel carries the built bundle and works where there is no Node.js."""

import json
import pathlib
import subprocess
import zipfile

import pytest

from conftest import ROOT, env_without_node

pytestmark = pytest.mark.slow


def test_wheel_contains_the_bundle_and_no_sources(wheel_path):
    names = zipfile.ZipFile(wheel_path).namelist()
    assert "ketawidget/static/widget.js" in names
    assert "ketawidget/static/widget.css" in names
    assert "ketawidget/static/standalone.js" in names, "save_html's host"
    assert not any(n.startswith(("js/", "node_modules/", "tests/")) for n in names)
    bundle = zipfile.ZipFile(wheel_path).read("ketawidget/static/widget.js").decode()
    assert "keta-synapse" in bundle
    # The student worksheets, as notebooks/ holds them (`ketawidget lab --worksheet NAME` writes them).
    worksheets = sorted((ROOT / "notebooks").glob("*_worksheet_*.ipynb"))
    assert len(worksheets) >= 3
    for path in worksheets:
        assert zipfile.ZipFile(wheel_path).read(f"ketawidget/worksheets/{path.name}") == path.read_bytes()
    assert not any(n.startswith("notebooks/") for n in names)


def test_wheel_installs_imports_builds_and_saves_a_widget_without_node(wheel_venv, tmp_path):
    script = """
import json, pathlib, ketawidget as kw
from ketawidget import cli
lab = kw.KetamineLab()
view = lab.diagram
page = view.save_html("ketamine.html").read_text(encoding="utf-8")
print(json.dumps({
    "page_has_bundle": view._esm in page,
    "page_has_host": (pathlib.Path(kw.__file__).parent / "static" / "standalone.js").read_text(encoding="utf-8") in page,
    "file": kw.__file__,
    "esm_len": len(view._esm),
    "has_root_class": "keta-synapse" in view._esm,
    "channels": view.trajectory_channels,
    "values_bytes": len(view.trajectory_values),
    "worksheets": {name: str(path) for name, path in cli.worksheets().items()},
    "written": cli.worksheet_notebook(pathlib.Path.cwd(), "inverted-u").name,
}))
"""
    out = subprocess.run(
        [str(wheel_venv), "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env_without_node(), check=True
    )
    info = json.loads(out.stdout.strip().splitlines()[-1])
    assert str(ROOT) not in info["file"], f"imported the checkout ({info['file']}), not the wheel"
    assert info["esm_len"] > 10_000 and info["has_root_class"]
    assert "nmda_block_pyramidal" in info["channels"]
    assert info["values_bytes"] > 0
    assert info["page_has_bundle"] and info["page_has_host"], "save_html works from the wheel"
    # The worksheets come from the installed package, with no checkout to read them from.
    assert list(info["worksheets"]) == ["inverted-u", "blockers", "time-scales"]
    assert all(str(ROOT) not in path and "/ketawidget/worksheets/" in path for path in info["worksheets"].values())
    written = tmp_path / info["written"]
    assert written.read_bytes() == (ROOT / "notebooks" / written.name).read_bytes()
    # The command line the wheel installs (pyproject's [project.scripts]) saves a lesson too.
    command = pathlib.Path(wheel_venv).parent / "ketawidget"
    done = subprocess.run([str(command), "export", "lesson.html", "--lesson", "nbqx"], capture_output=True, text=True,
                          cwd=tmp_path, env=env_without_node(), timeout=300)
    assert done.returncode == 0 and (tmp_path / "lesson.html").stat().st_size > 100_000, done.stderr
