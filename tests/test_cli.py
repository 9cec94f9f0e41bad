"""The command line (ketawidget/cli.py): a lesson notebook for JupyterLab, a lesson saved as a page."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import ketawidget as kw
from ketawidget import cli


def test_export_saves_the_lesson_as_one_page(tmp_path, capsys):
    path = tmp_path / "lesson.html"
    assert cli.main(["export", str(path), "--lesson", "nbqx", "--title", "NBQX and ketamine"]) == 0
    page = path.read_text(encoding="utf-8")
    lab = kw.KetamineLab()
    lab.load_preset("nbqx")
    assert page == lab.to_html(title="NBQX and ketamine")  # the same lesson, run the same way
    assert f"wrote {path}" in capsys.readouterr().out


def test_bad_arguments_name_what_is_allowed_and_write_nothing(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["export", str(tmp_path / "x.html"), "--lesson", "nope"])
    assert exit_.value.code == 2
    assert "--lesson must be one of saline, antidepressant" in capsys.readouterr().err
    assert cli.main(["export", str(tmp_path / "missing" / "x.html")]) == 1
    assert "path" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["lab", "--dir", str(tmp_path / "missing")])
    assert "--dir must be an existing folder" in capsys.readouterr().err
    for port in ("70000", "-5", "http"):
        with pytest.raises(SystemExit):
            cli.main(["lab", "--port", port])
        assert "--port: must be a whole number from 1 to 65535" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_lesson_notebook_runs_the_lab_and_keeps_a_students_copy(tmp_path):
    path = cli.lesson_notebook(tmp_path, "rapamycin")
    notebook = json.loads(path.read_text())
    code = "".join(c["source"] for c in notebook["cells"] if c["cell_type"] == "code")
    namespace: dict = {}
    exec(code, namespace)  # the cell as it runs
    assert namespace["lab"].params.rapamycin is True
    path.write_text("a student's work")
    assert cli.lesson_notebook(tmp_path, "nbqx").read_text() == "a student's work"
    root = ["--allow-root"] if os.geteuid() == 0 else []  # JupyterLab refuses root without it
    assert cli.lab_command(path, 9999) == [sys.executable, "-m", "jupyterlab", str(path), *root, "--port=9999"]


def test_python_dash_m_runs_the_command_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "ketawidget", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == f"ketawidget {kw.__version__}"
    done = subprocess.run([sys.executable, "-m", "ketawidget", "export", str(tmp_path / "p.html")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "p.html").stat().st_size > 100_000
