"""The command line (ketawidget/cli.py): a lesson notebook for JupyterLab, a lesson saved as a page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib

import pytest
from conftest import ROOT

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


def test_an_empty_path_is_said_to_be_empty(tmp_path, capsys, monkeypatch):
    """Review: ``ketawidget export ''`` said "path '.' is a directory", a folder no one named."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["export", ""])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "ketawidget export: error: argument path: is empty; name the HTML file to write, e.g. lesson.html" in err
    assert "'.'" not in err and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "usage", "message"),
    [
        (["export", "x.html", "--lesson", "nope"], "usage: ketawidget export ", "ketawidget export: error: --lesson must be one of"),
        (["lab", "--lesson", "nope"], "usage: ketawidget lab ", "ketawidget lab: error: --lesson must be one of"),
        (["lab", "--dir", "missing"], "usage: ketawidget lab ", "ketawidget lab: error: --dir must be an existing folder; got 'missing'"),
        (["lab", "--worksheet", "nope"], "usage: ketawidget lab ", "ketawidget lab: error: --worksheet must be one of"),
    ],
)
def test_a_bad_option_is_explained_under_its_commands_usage(argv, usage, message, tmp_path, capsys, monkeypatch):
    """Review: a bad --lesson or --dir was printed under the top-level usage line."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(usage) and message in err
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


def test_lab_writes_the_chosen_worksheet_and_keeps_a_students_copy(tmp_path):
    names = cli.worksheets()
    assert list(names) == ["inverted-u", "blockers", "time-scales"]
    for name, source in names.items():
        assert source == ROOT / "notebooks" / source.name, "the checkout's notebooks are the only copy"
        path = cli.worksheet_notebook(tmp_path, name)
        assert path == tmp_path / source.name and path.read_bytes() == source.read_bytes()
    path.write_text("a student's answers")
    assert cli.worksheet_notebook(tmp_path, "time-scales").read_text() == "a student's answers"
    with pytest.raises(ValueError, match="no worksheet 'dose'; the worksheets are inverted-u, blockers, time-scales"):
        cli.worksheet_notebook(tmp_path, "dose")


def test_ketawidget_lab_worksheet_writes_it_and_opens_it_in_jupyterlab(tmp_path, monkeypatch, capsys):
    opened = []

    def execv(program, command):
        opened.append(command)
        raise SystemExit(0)  # JupyterLab would take the process over here

    monkeypatch.setattr(cli, "_has_jupyterlab", lambda: True)
    monkeypatch.setattr(cli.os, "execv", execv)
    with pytest.raises(SystemExit):
        cli.main(["lab", "--dir", str(tmp_path), "--worksheet", "blockers", "--port", "9999"])
    path = tmp_path / "03_worksheet_blockers.ipynb"
    assert path.read_bytes() == cli.worksheets()["blockers"].read_bytes()
    assert opened == [cli.lab_command(path, 9999)]
    assert not (tmp_path / cli.LESSON_NOTEBOOK).exists()
    path.write_text(json.dumps({"a student's": "answers"}))
    with pytest.raises(SystemExit):
        cli.main(["lab", "--dir", str(tmp_path), "--worksheet", "blockers"])
    assert "03_worksheet_blockers.ipynb is already in" in capsys.readouterr().out
    assert json.loads(path.read_text()) == {"a student's": "answers"}


def test_a_bad_or_second_choice_of_notebook_names_what_is_allowed(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["lab", "--dir", str(tmp_path), "--worksheet", "dose"])
    assert exit_.value.code == 2
    assert "--worksheet must be one of inverted-u, blockers, time-scales; got 'dose'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        cli.main(["lab", "--dir", str(tmp_path), "--worksheet", "blockers", "--lesson", "nbqx"])
    assert exit_.value.code == 2 and "not allowed with argument" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_wheel_carries_every_worksheet():
    """force-include takes no patterns: a worksheet added to notebooks/ must be listed in pyproject.toml
    (tests/test_wheel.py checks the built wheel)."""
    shipped = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert shipped == {f"notebooks/{p.name}": f"ketawidget/worksheets/{p.name}" for p in cli.worksheets().values()}
