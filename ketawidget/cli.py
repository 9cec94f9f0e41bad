"""The command line: open a lesson or a worksheet in JupyterLab, or save a lesson as a web page.

``ketawidget lab`` writes a lesson notebook (a ``KetamineLab``, optionally on a named lesson) into a
folder and opens it in JupyterLab; ``ketawidget lab --worksheet inverted-u`` writes and opens one of the
student worksheets instead (docs/lessons.md); ``ketawidget export lesson.html`` runs a lesson and saves
it as one HTML file that animates with no kernel (:meth:`KetamineLab.save_html`). Also
``python -m ketawidget``.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys
from collections.abc import Sequence

from . import __version__

__all__ = ["lab_command", "lesson_notebook", "main", "worksheet_notebook", "worksheets"]

#: The notebook ``ketawidget lab`` writes when the folder has none of that name.
LESSON_NOTEBOOK = "ketamine_lesson.ipynb"
#: The worksheets' file names: ``notebooks/02_worksheet_inverted_u.ipynb`` is the worksheet
#: ``inverted-u``. The notebooks in ``notebooks/`` are the only copy in the repository; the wheel
#: carries them in ``ketawidget/worksheets/`` (pyproject.toml's force-include).
WORKSHEET_FILES = "*_worksheet_*.ipynb"


def _lesson_names() -> tuple[str, ...]:
    from .widget.presets import preset_names

    return preset_names()


def lesson_notebook(directory: pathlib.Path, lesson: str | None = None) -> pathlib.Path:
    """Write the lesson notebook into ``directory``, unless one is there already (a student's work
    in it is kept); return its path.

    Parameters
    ----------
    directory : pathlib.Path
        An existing folder.
    lesson : str, optional
        A lesson of the lab's menu (``ketawidget.widget.presets.preset_names()``) to load; by default
        the lab's own start (the antidepressant infusion).

    Returns
    -------
    pathlib.Path
        ``directory / "ketamine_lesson.ipynb"``.
    """
    path = directory / LESSON_NOTEBOOK
    if path.exists():
        return path
    setup = "import ketawidget as kw\n\nlab = kw.KetamineLab()\n"
    if lesson is not None:
        setup += f"lab.load_preset({lesson!r})\n"
    cells = [
        ("markdown", "# Ketamine at the synapse\n\nRun the cell below (Shift+Enter). Move the dose, pick a lesson, "
                     "tick a pre-treatment: the charts and the diagram re-simulate. Press Play on the diagram, "
                     "or Present to project it."),
        ("code", setup + "lab"),
    ]
    notebook = {
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": text, **({"execution_count": None, "outputs": []} if kind == "code" else {})}
            for kind, text in cells
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")
    return path


def _worksheet_folder() -> pathlib.Path:
    """Where the worksheets are: in the installed package (a wheel), else in the source tree's
    ``notebooks/`` (a checkout, or an editable install, which runs the checkout's code)."""
    package = pathlib.Path(__file__).resolve().parent
    shipped = package / "worksheets"
    return shipped if shipped.is_dir() else package.parent / "notebooks"


def worksheets() -> dict[str, pathlib.Path]:
    """The student worksheets, by name (``inverted-u``, ...), in their order.

    Returns
    -------
    dict of str to pathlib.Path
        Each worksheet's name (its file name after ``_worksheet_``, with hyphens for underscores) and
        its notebook.
    """
    paths = sorted(_worksheet_folder().glob(WORKSHEET_FILES))
    return {p.stem.split("_worksheet_", 1)[1].replace("_", "-"): p for p in paths}


def worksheet_notebook(directory: pathlib.Path, name: str) -> pathlib.Path:
    """Write a worksheet into ``directory`` under its own file name, unless a file of that name is
    there already (a student's answers in it are kept); return its path.

    Parameters
    ----------
    directory : pathlib.Path
        An existing folder.
    name : str
        One of :func:`worksheets`, e.g. ``"inverted-u"``.

    Returns
    -------
    pathlib.Path
        The notebook in ``directory``, e.g. ``directory / "02_worksheet_inverted_u.ipynb"``.

    Raises
    ------
    ValueError
        If ``name`` is not a worksheet (the message lists them).
    """
    found = worksheets()
    if name not in found:
        raise ValueError(f"no worksheet {name!r}; the worksheets are {', '.join(found) or 'missing from this installation'}")
    path = directory / found[name].name
    if not path.exists():
        path.write_bytes(found[name].read_bytes())
    return path


def lab_command(notebook: pathlib.Path, port: int | None = None) -> list[str]:
    """The command that opens ``notebook`` in JupyterLab with this Python (so ketawidget is there)."""
    command = [sys.executable, "-m", "jupyterlab", str(notebook)]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Many containers run as root, where JupyterLab refuses to start without being told.
        command.append("--allow-root")
    if port is not None:
        command.append(f"--port={port}")
    return command


def _port(text: str) -> int:
    """A TCP port number for argparse: 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 65535; got {text!r}")
    return port


def _html_path(text: str) -> pathlib.Path:
    """The page's path for argparse: not empty (``pathlib.Path("")`` is ``.``, which was then
    refused as "path '.' is a directory", a folder no one named)."""
    if not text:
        raise argparse.ArgumentTypeError("is empty; name the HTML file to write, e.g. lesson.html")
    return pathlib.Path(text)


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The command line's parser, and each command's own (whose errors show that command's usage)."""
    parser = argparse.ArgumentParser(prog="ketawidget", description="Ketamine at the synapse: an interactive lesson.")
    parser.add_argument("--version", action="version", version=f"ketawidget {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{lab,export}")
    lab = commands.add_parser("lab", help="open a lesson notebook, or a student worksheet, in JupyterLab")
    lab.add_argument("--dir", type=pathlib.Path, default=pathlib.Path.cwd(), help="folder for the notebook (default: here)")
    what = lab.add_mutually_exclusive_group()
    what.add_argument("--lesson", help="a lesson to load, e.g. antidepressant, nbqx (default: the lab's start)")
    what.add_argument("--worksheet", help=f"a student worksheet to write and open instead: {', '.join(worksheets())}")
    lab.add_argument("--port", type=_port, help="JupyterLab's port, 1 to 65535 (default: JupyterLab's own)")
    export = commands.add_parser("export", help="save a lesson as one HTML file that animates with no kernel")
    export.add_argument("path", type=_html_path, help="the HTML file to write, e.g. lesson.html")
    export.add_argument("--lesson", help="a lesson to load, e.g. antidepressant, nbqx (default: the lab's start)")
    export.add_argument("--title", help="the page's title (default: the run in words: dose, pre-treatments, species)")
    return parser, {"lab": lab, "export": export}


def _check_lesson(parser: argparse.ArgumentParser, lesson: str | None) -> None:
    names = _lesson_names()
    if lesson is not None and lesson not in names:
        parser.error(f"--lesson must be one of {', '.join(names)}; got {lesson!r}")


def _check_worksheet(parser: argparse.ArgumentParser, name: str | None) -> None:
    names = worksheets()
    if name is not None and name not in names:
        parser.error(f"--worksheet must be one of {', '.join(names)}; got {name!r}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``ketawidget lab`` or ``ketawidget export``); return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments; by default the process's own.

    Returns
    -------
    int
        0 when done; 1 when the page could not be written (the reason is printed). Bad arguments
        exit with status 2 and a message naming the argument, as argparse does. ``lab`` does not
        return: JupyterLab takes the process over.
    """
    parser, commands = _parser()
    args = parser.parse_args(argv)
    command = commands[args.command]  # its errors show its own usage, not the top level's
    _check_lesson(command, args.lesson)
    _check_worksheet(command, getattr(args, "worksheet", None))
    if args.command == "export":
        from .widget.lab import KetamineLab

        lab = KetamineLab()
        if args.lesson is not None:
            lab.load_preset(args.lesson)
        try:
            path = lab.save_html(args.path, title=args.title)
        except (TypeError, ValueError, OSError) as err:
            print(f"ketawidget export: {err}", file=sys.stderr)
            return 1
        print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB): open it in any browser")
        return 0
    if not args.dir.is_dir():
        command.error(f"--dir must be an existing folder; got {str(args.dir)!r}")
    if not _has_jupyterlab():
        print("ketawidget lab: JupyterLab is not installed here; install it with `pip install jupyterlab`", file=sys.stderr)
        return 1
    if args.worksheet is not None:
        name = worksheets()[args.worksheet].name
        if (args.dir / name).exists():
            print(f"{name} is already in {args.dir}: opening it as it is (a student's answers are kept)")
        notebook = worksheet_notebook(args.dir, args.worksheet)
    else:
        if (args.dir / LESSON_NOTEBOOK).exists():
            print(f"{LESSON_NOTEBOOK} is already in {args.dir}: opening it as it is (a lesson named here is not loaded into it)")
        notebook = lesson_notebook(args.dir, args.lesson)
    jupyter = lab_command(notebook, args.port)
    print(f"opening {notebook} in JupyterLab")
    sys.stdout.flush()
    os.execv(jupyter[0], jupyter)  # JupyterLab takes the process (and Ctrl+C) over
    return 0  # pragma: no cover - execv does not return


def _has_jupyterlab() -> bool:
    import importlib.util

    return importlib.util.find_spec("jupyterlab") is not None
