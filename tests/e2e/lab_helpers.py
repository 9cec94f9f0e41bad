"""Helpers that drive a real JupyterLab 4 UI with Playwright (sync API).

Cells are run through the UI the way a person would: "Run" menu -> "Run All Cells" for a whole
notebook, and for one new cell: select the last cell, ``B`` (insert below, command mode),
``Enter`` (edit mode), type the code, ``Ctrl+Enter`` (run, stay on the cell). Completion is
detected from the cell's execution prompt (``[ ]:`` -> ``[*]:`` -> ``[n]:``), never by sleeping.
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import nbformat

if TYPE_CHECKING:  # pragma: no cover
    from playwright.sync_api import Locator, Page

    from .conftest import LabServer

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"

NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
CELL = f"{NOTEBOOK} .jp-Cell"
CODE_CELL = f"{NOTEBOOK} .jp-CodeCell"
_DONE_PROMPT = re.compile(r"^\s*\[\d+\]:\s*$")
ERROR_MIME = "application/vnd.jupyter.error"
STDERR_MIME = "application/vnd.jupyter.stderr"
# Last line of an IPython traceback: "ZeroDivisionError: division by zero", "KeyboardInterrupt",
# "pkg.mod.SomeError: ..." (warnings printed on stderr end with a source line instead).
_EXC_LAST_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit)(:|$)")
VALUE_MARKER = "@@E2E-VALUE@@"


class CellError(AssertionError):
    """A cell raised in the kernel (its output contains a traceback)."""


# --------------------------------------------------------------------------- notebooks


def write_notebook(server: "LabServer", name: str, cells: Iterable[str], kernel: str = "python3") -> Path:
    """Write a fresh notebook of code cells into the server root (``name`` without .ipynb)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": kernel,
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    path = server.root_dir / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def open_notebook(page: "Page", server: "LabServer", name: str, timeout_s: float = 60) -> None:
    """Open ``name``.ipynb in JupyterLab and wait until its kernel is connected and idle."""
    # ?reset: start from an empty workspace, so tabs of earlier tests are not restored.
    page.goto(server.url(f"lab/tree/{urllib.parse.quote(name)}.ipynb?reset"))
    page.wait_for_selector(f"{NOTEBOOK} .jp-Cell", timeout=timeout_s * 1000)
    dismiss_popups(page)
    wait_kernel_idle(page, server, f"{name}.ipynb", timeout_s=timeout_s)
    dismiss_popups(page)


def wait_kernel_idle(page: "Page", server: "LabServer", path: str, timeout_s: float = 60) -> None:
    """Wait until the server reports the notebook's kernel idle with a browser connected AND the
    notebook toolbar shows it idle. (The toolbar alone says "idle" for a moment before the kernel
    even starts, hence the server-side check.)"""
    deadline = time.monotonic() + timeout_s
    last: object = None
    while True:
        try:
            sessions = server.api("sessions")
            match = [s for s in sessions if s.get("path") == path]  # type: ignore[union-attr]
            last = match
            if match and match[0]["kernel"]["execution_state"] == "idle" and (
                match[0]["kernel"].get("connections", 0) >= 1
            ):
                break
        except Exception as exc:  # noqa: BLE001 - keep polling, report the last failure
            last = exc
        if time.monotonic() > deadline:
            raise AssertionError(
                f"kernel for {path} not idle after {timeout_s:.0f} s; last /api/sessions: {last!r}\n"
                f"--- server log tail ---\n{server.log_tail()}"
            )
        time.sleep(0.2)
    remaining_ms = max(1.0, deadline - time.monotonic()) * 1000
    page.wait_for_selector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status="idle"]',
        timeout=remaining_ms,
    )


def dismiss_popups(page: "Page") -> None:
    """Close toasts (e.g. the "official Jupyter news?" question) and stray dialogs if present."""
    for btn in page.locator(".jp-Notification-Toast-Close, .Toastify__close-button").all():
        try:
            btn.click(timeout=1000)
        except Exception:  # noqa: BLE001 - toast may vanish on its own
            pass
    # A news toast with explicit "No" button (older wording) - answer it.
    no = page.locator(".jp-toast-button >> text=/^No$/")
    if no.count():
        try:
            no.first.click(timeout=1000)
        except Exception:  # noqa: BLE001
            pass
    dialog = page.locator(".jp-Dialog")
    if dialog.count():
        page.keyboard.press("Escape")


def collapse_left_sidebar(page: "Page") -> None:
    """Hide the file browser so the notebook uses the full window width."""
    current = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if current.count():
        current.first.click()
        page.wait_for_selector(
            ".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current", state="detached", timeout=5000
        )


# --------------------------------------------------------------------------- running cells


def _prompt_texts(page: "Page") -> list[str]:
    return page.eval_on_selector_all(
        f"{CODE_CELL} .jp-InputArea-prompt", "els => els.map(e => e.textContent.trim())"
    )


def run_all_cells(page: "Page", timeout_s: float = 60) -> None:
    """Run -> Run All Cells (the real main menu), then wait until every code cell has finished."""
    n_code = page.locator(CODE_CELL).count()
    assert n_code > 0, "notebook has no code cells"
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    item = page.locator('.lm-Menu-item[data-command="runmenu:run-all"]')
    item.wait_for(state="visible", timeout=5000)
    item.click()
    try:
        page.wait_for_function(
            """([sel, n]) => {
                const ps = [...document.querySelectorAll(sel)].map(e => e.textContent.trim());
                const done = t => /^\\[\\d+\\]:$/.test(t);
                if (ps.length !== n) return false;
                // All finished, or execution stopped early (an error clears the queue).
                return ps.every(done) || (ps.some(done) && !ps.some(t => t === '[*]:'));
            }""",
            arg=[f"{CODE_CELL} .jp-InputArea-prompt", n_code],
            timeout=timeout_s * 1000,
        )
    except Exception as exc:
        raise AssertionError(
            f"cells did not all finish within {timeout_s:.0f} s; prompts: {_prompt_texts(page)}; "
            f"outputs:\n{all_outputs_text(page)}"
        ) from exc
    for i in range(n_code):
        raise_on_cell_error(page.locator(CODE_CELL).nth(i), f"code cell {i}")
    prompts = _prompt_texts(page)
    if not all(_DONE_PROMPT.match(p) for p in prompts):
        raise AssertionError(f"not every cell ran: prompts {prompts}\n{all_outputs_text(page)}")


def append_and_run(page: "Page", code: str, timeout_s: float = 30) -> "Locator":
    """Insert a new code cell at the end, type ``code`` into it and run it (Ctrl+Enter).

    Returns the cell locator once its prompt shows an execution count; raises CellError if the
    cell produced a traceback."""
    cells = page.locator(CELL)
    n = cells.count()
    last = cells.nth(n - 1)
    # Click the prompt column (not the editor, not an output widget): selects the cell and leaves
    # command mode after Escape.
    last.locator(".jp-InputArea-prompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length === n + 1",
        arg=[CELL, n],
        timeout=5000,
    )
    index = page.eval_on_selector_all(
        CELL, "els => els.findIndex(e => e.classList.contains('jp-mod-active'))"
    )
    assert index == n, f"new cell should be active at index {n}, got {index}"
    cell = page.locator(CELL).nth(index)
    page.keyboard.press("Enter")
    cell.locator(".cm-content[contenteditable=true]").wait_for(timeout=5000)
    page.wait_for_function(
        "el => el.contains(document.activeElement)",
        arg=cell.locator(".cm-content").element_handle(),
        timeout=5000,
    )
    # insert_text is one input event: no per-key auto-indent / bracket closing by the editor.
    page.keyboard.insert_text(code)
    typed = cell.locator(".cm-content").evaluate(
        "el => [...el.querySelectorAll('.cm-line')].map(l => l.textContent).join('\\n')"
    )
    assert typed.strip() == code.strip(), f"editor content differs from code:\n{typed!r}\n!=\n{code!r}"
    page.keyboard.press("Control+Enter")
    prompt = cell.locator(".jp-InputArea-prompt")
    try:
        page.wait_for_function(
            "el => /^\\[\\d+\\]:$/.test(el.textContent.trim())",
            arg=prompt.element_handle(),
            timeout=timeout_s * 1000,
        )
    except Exception as exc:
        raise AssertionError(
            f"cell did not finish within {timeout_s:.0f} s: {code!r}; prompt "
            f"{prompt.text_content()!r}; output: {cell_output_text(cell)!r}"
        ) from exc
    raise_on_cell_error(cell, repr(code))
    return cell


def cell_output_text(cell: "Locator") -> str:
    return "\n".join(
        t.strip() for t in cell.locator(".jp-OutputArea-output").all_inner_texts() if t.strip()
    )


def all_outputs_text(page: "Page") -> str:
    return "\n---\n".join(cell_output_text(c) for c in page.locator(CODE_CELL).all())


def _looks_like_traceback(text: str) -> bool:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return bool(lines) and (
        "Traceback (most recent call last)" in text or bool(_EXC_LAST_LINE.match(lines[-1]))
    )


def raise_on_cell_error(cell: "Locator", what: str) -> None:
    """Raise CellError if the cell shows an exception. JupyterLab 4 renders "error" outputs with
    the stderr MIME type, so tracebacks are recognised by their text (warnings are not errors)."""
    texts = cell.locator(
        f'.jp-OutputArea-output[data-mime-type="{STDERR_MIME}"],'
        f' .jp-OutputArea-output[data-mime-type="{ERROR_MIME}"]'
    ).all_inner_texts()
    errors = [t for t in texts if _looks_like_traceback(t)]
    if errors:
        raise CellError(f"{what} raised in the kernel:\n" + "\n".join(errors))


def read_python_value(page: "Page", expr: str, timeout_s: float = 30) -> object:
    """Evaluate ``expr`` in the kernel (via a new cell) and return it, JSON round-tripped."""
    code = f"import json as _j; print({VALUE_MARKER!r} + _j.dumps({expr}))"
    cell = append_and_run(page, code, timeout_s=timeout_s)
    text = cell_output_text(cell)
    for line in text.splitlines():
        if line.startswith(VALUE_MARKER):
            return json.loads(line[len(VALUE_MARKER) :])
    raise AssertionError(f"no value printed for {expr!r}; cell output: {text!r}")


# --------------------------------------------------------------------------- misc


def save_screenshot(page: "Page", name: str | os.PathLike, locator: "Locator | None" = None,
                    **kwargs) -> Path:
    """Save a screenshot (of ``locator`` if given, else the viewport). A bare file name goes to
    tests/artifacts/; a relative path with directories is relative to the repository root."""
    path = Path(name)
    if not path.is_absolute():
        path = ARTIFACTS / path if path.parent == Path(".") else REPO_ROOT / path
    path.parent.mkdir(parents=True, exist_ok=True)
    (locator if locator is not None else page).screenshot(path=str(path), **kwargs)
    return path


def attr_float(locator: "Locator", name: str) -> float:
    value = locator.get_attribute(name)
    assert value is not None, f"attribute {name} missing"
    return float(value)


def set_theme(page, name: str) -> None:
    """Switch JupyterLab's theme the way a user does: Settings -> Theme -> <name>."""
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=re.compile(r"^Settings$")).click()
    page.locator(".lm-Menu-item .lm-Menu-itemLabel", has_text=re.compile(r"^Theme$")).hover()
    item = page.locator(f'.lm-Menu-item[data-command="apputils:change-theme"]:has(.lm-Menu-itemLabel:text-is("{name}"))')
    item.click()
    page.wait_for_function("n => document.body.dataset.jpThemeName === n", arg=name, timeout=15_000)
    # The theme's stylesheet loads after the attribute changes: wait until the page background follows.
    dark = name != "JupyterLab Light"
    page.wait_for_function(
        """dark => { const c = getComputedStyle(document.querySelector('.jp-Notebook')).backgroundColor;
            const [r, g, b] = c.match(/\\d+/g).map(Number); return dark ? r + g + b < 150 : r + g + b > 600; }""",
        arg=dark,
        timeout=15_000,
    )
    # JupyterLab covers the page with its splash screen while it swaps themes.
    page.wait_for_selector("#jupyterlab-splash", state="detached", timeout=15_000)


#: The diagram's root element (docs/diagram.md: class ``keta-synapse``, ``data-*`` attributes kept current).
KETA = ".keta-synapse"


def wait_attr(page: "Page", name: str, condition: str, arg=None, timeout_ms: float = 10_000) -> None:
    """Wait until ``condition`` (a JS expression over ``v``, the attribute's string value or null,
    and ``arg``) holds for attribute ``name`` of the diagram root; report the last value if not."""
    js = f"([name, arg]) => {{ const el = document.querySelector('{KETA}'); " \
         f"const v = el ? el.getAttribute(name) : null; return ({condition}); }}"
    try:
        page.wait_for_function(js, arg=[name, arg], timeout=timeout_ms)
    except Exception as exc:
        last = page.locator(KETA).first.get_attribute(name) if page.locator(KETA).count() else None
        raise AssertionError(
            f"diagram attribute {name}: condition {condition!r} (arg={arg!r}) not met within "
            f"{timeout_ms / 1000:.0f} s; last value {last!r}"
        ) from exc


def scroll_into_view(page: "Page", target: "Locator") -> None:
    """Scroll ``target`` into view, then let two frames pass: a chart scrolled in from out of view is
    drawn, and takes the pointer, from the next frame on (``content-visibility: auto``,
    ketawidget/widget/charts.py CHART_TEXT_CSS), not in the task that scrolled it."""
    target.scroll_into_view_if_needed()
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
