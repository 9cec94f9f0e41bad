"""The update courier across a page reload, in a real JupyterLab (ketawidget/widget/update_courier.py):
the reloaded page reads the kernel's widgets again, the kernel stops batching until the new page's
courier says it is ready, and the charts on the new page are drawn from the batches after that."""

from __future__ import annotations

import json
import time

import pytest

from .lab_helpers import KETA, append_and_run, open_notebook, read_python_value, run_all_cells, write_notebook

pytestmark = pytest.mark.e2e

COURIER = "__import__('ketawidget.widget.update_courier', fromlist=['_']).update_courier()"
BLOCK_LINES = ".keta-chart-block svg.svg-figure g.curve path.line"


def _block_lines(page) -> list[str]:
    return page.locator(BLOCK_LINES).evaluate_all("els => els.map(e => e.getAttribute('d') || '').filter(d => d.length > 20)")


def _wait_ready(page, timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while read_python_value(page, f"{COURIER}.ready") is not True:
        assert time.monotonic() < deadline, "the page's courier did not say it is ready"
        page.wait_for_timeout(300)


def test_a_reloaded_page_says_ready_again_and_draws_the_batched_chart_updates(lab_server, page, console_log):
    path = write_notebook(lab_server, "courier_reload", ["import ketawidget as kw\nlab = kw.KetamineLab()\nlab"])
    open_notebook(page, lab_server, "courier_reload")
    run_all_cells(page, timeout_s=90)
    page.locator(KETA).wait_for(timeout=30_000)
    page.wait_for_function("sel => document.querySelectorAll(sel).length >= 2", arg=BLOCK_LINES, timeout=20_000)
    _wait_ready(page)
    # What the courier sends the pages and hears from them from now on is noted, in the kernel, in
    # order: ("kernel", content), a batch as the model ids it updates; ("page", content).
    append_and_run(
        page,
        f"_courier = {COURIER}; _courier_log = []; _send = _courier.send\n"
        "_noted = lambda c: {'updates': [u['model_id'] for u in c['updates']]} if 'updates' in c else c\n"
        "_courier.send = lambda content, buffers=None: (_courier_log.append(('kernel', _noted(content))), _send(content, buffers))\n"
        "_courier.on_msg(lambda _w, content, _b: _courier_log.append(('page', content)))",
    )
    # Saved with its outputs, so the reloaded page shows the lab again from the kernel's widgets.
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 10
    while "application/vnd.jupyter.widget-view+json" not in path.read_text():
        assert time.monotonic() < deadline, "the notebook was not saved"
        time.sleep(0.2)
    assert json.loads(path.read_text())["cells"]

    open_notebook(page, lab_server, "courier_reload")  # the same kernel, a new page
    page.locator(KETA).wait_for(timeout=30_000)
    page.wait_for_function("sel => document.querySelectorAll(sel).length >= 2", arg=BLOCK_LINES, timeout=20_000)
    assert read_python_value(page, "'lab' in globals()") is True, "the reloaded page is not on the same kernel"
    _wait_ready(page)
    # The new page read the courier's state, which stopped the batches and asked the pages to say
    # they listen (the old one is gone; the new one said so once its courier ran).
    log = read_python_value(page, "_courier_log")
    assert [c for who, c in log if who == "kernel" and "roll_call" in c] == [{"roll_call": True}]
    # The new page's courier started after the read: a plain ready, not a roll call's answer.
    assert ["page", {"ready": True}] in log, log
    said_ready = len(log)
    before = _block_lines(page)
    append_and_run(page, "lab.dose = kw.Infusion(dose_mg_per_kg=2.0, minutes=40)")
    deadline = time.monotonic() + 10
    while _block_lines(page) == before and time.monotonic() < deadline:
        page.wait_for_timeout(100)  # bqplot redraws on its own schedule; poll the DOM
    assert _block_lines(page) != before, "the reloaded page's chart did not change with the dose"
    # The change went to the new page as a batch after it said ready, the block panel's lines in it.
    block_lines = read_python_value(page, "lab.timeseries.panels['block'].lines.model_id")
    batches = [c["updates"] for who, c in read_python_value(page, "_courier_log")[said_ready:] if who == "kernel" and "updates" in c]
    assert any(block_lines in batch for batch in batches), "no batch carried the chart's change after the new page said ready"
    # Drawn from a batch: a page that failed it would have said so, and the kernel stopped batching.
    assert read_python_value(page, f"{COURIER}.ready") is True, "the reloaded page failed the batched chart update"
    assert not console_log.problems, "browser console errors:\n" + console_log.report()
