"""The lab's controls answering the kernel in a real JupyterLab and headless Chromium (fixtures: conftest.py).

A log slider in the page answers every value the kernel gives it with its own version of it: held
inside its range, put on its grid (0.5 mg/kg comes back as 0.501). Those answers must never be taken
for a student's move: a lesson or Reset runs exactly its dose, once.
"""

from __future__ import annotations

import time

import pytest

from .lab_helpers import KETA, append_and_run, open_notebook, read_python_value, run_all_cells, write_notebook

pytestmark = pytest.mark.e2e

LAB = ".keta-lab"
#: Every dose the lab ran, as described, in order (an observer on ``lab.dose``, which each run sets).
RECORDER = "runs = []\nlab.observe(lambda change: runs.append(change['new'].describe()), names='dose')"
ANTIDEPRESSANT = "0.5 mg/kg IV over 40 min"
RESET = f"{LAB} button.widget-button[title=\"Back to the lab's starting protocol\"]"


def dropdown(label: str) -> str:
    return f"{LAB} .widget-dropdown:has(.widget-label:text-is('{label}')) select"


def settle(page, readout: str) -> None:
    """Wait until the amount slider reads ``readout``, then for the page's answers to reach the kernel
    and be dealt with (each is sent at once; a kernel that took one for a move would run it)."""
    page.wait_for_function(
        "text => [...document.querySelectorAll('.keta-lab .widget-slider')]"
        ".find(s => s.querySelector('.widget-label')?.textContent === 'amount (mg/kg)')"
        "?.querySelector('.widget-readout').textContent.trim() === text",
        arg=readout,
        timeout=15_000,
    )
    page.wait_for_timeout(1500)


def type_amount(page, amount: str) -> None:
    """Type ``amount`` (mg/kg) into the amount slider's readout, as a student does."""
    page.locator(f"{LAB} .widget-slider:has(.widget-label:text-is('amount (mg/kg)')) .widget-readout").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(amount)
    page.keyboard.press("Enter")


def open_lab(page, server, name: str) -> None:
    """A new notebook with a default lab, displayed, and the recorder of its runs."""
    write_notebook(server, name, [f"import ketawidget as kw\nlab = kw.KetamineLab()\n{RECORDER}\nlab"])
    open_notebook(page, server, name)
    run_all_cells(page, timeout_s=120)
    page.locator(KETA).wait_for(timeout=30_000)
    settle(page, "0.50")
    assert read_python_value(page, "[runs, lab.dose.describe()]") == [[], ANTIDEPRESSANT], "displaying the lab runs nothing"


def test_a_lesson_or_reset_runs_exactly_its_dose_whatever_the_slider_showed(lab_server, page, console_log):
    open_lab(page, lab_server, "lab_lessons")

    # The reviewer's steps in the page: species mouse, an IV bolus, 200 mg/kg typed into the readout.
    page.locator(dropdown("species")).select_option("mouse")
    page.locator(f"{dropdown('Dose')} option", has_text="i.p. injection").wait_for(state="attached", timeout=15_000)
    page.locator(dropdown("Dose")).select_option(label="IV bolus")
    type_amount(page, "200")
    settle(page, "200")
    assert read_python_value(page, "[lab.params.species, lab.dose.describe()]") == ["mouse", "200 mg/kg IV bolus"]

    # The lesson from the menu: one run, of exactly its dose (not 20 mg/kg first, not 0.501 after).
    append_and_run(page, "runs.clear()")
    page.locator(dropdown("Lesson")).select_option(label="Antidepressant infusion: 0.5 mg/kg IV over 40 min")
    settle(page, "0.50")
    runs, dose, caption = read_python_value(page, "[runs, lab.dose.describe(), lab.caption.value]")
    assert (runs, dose) == ([ANTIDEPRESSANT], ANTIDEPRESSANT), f"the lesson ran {runs}"
    assert ANTIDEPRESSANT in caption and "0.501" not in caption, caption
    assert read_python_value(page, "lab.dose == kw.Infusion(0.5, 40.0)") is True

    # The same from code, with the page open: load_preset, reset() and the Reset button.
    setup = "lab.params.species = 'mouse'\nlab.dose = kw.Bolus(200.0)"
    for action in ("lab.load_preset('antidepressant')", "lab.reset()"):
        append_and_run(page, setup)
        settle(page, "200")
        append_and_run(page, f"runs.clear()\n{action}")
        settle(page, "0.50")
        runs, dose, caption = read_python_value(page, "[runs, lab.dose.describe(), lab.caption.value]")
        assert (runs, dose) == ([ANTIDEPRESSANT], ANTIDEPRESSANT), f"{action} ran {runs}"
        assert "0.501" not in caption, caption
    append_and_run(page, setup)
    settle(page, "200")
    append_and_run(page, "runs.clear()")
    page.locator(RESET).click()
    settle(page, "0.50")
    runs, dose = read_python_value(page, "[runs, lab.dose.describe()]")
    assert (runs, dose) == ([ANTIDEPRESSANT], ANTIDEPRESSANT), f"the Reset button ran {runs}"

    # After a lesson's comparison and Reset, the compare menu offers what ticking the box overlays.
    # (ipywidgets writes the options' spaces as no-break spaces.)
    compare = f"{LAB} .keta-lab-compare-choice select"
    offered = "sel => [...document.querySelector(sel).options].map(o => o.textContent.replace(/\\u00a0/g, ' '))"
    page.locator(dropdown("Lesson")).select_option(label="Experiment: ketamine + NBQX (AMPA receptors blocked)")
    page.wait_for_function(f"sel => ({offered})(sel)[document.querySelector(sel).selectedIndex] === 'ketamine alone'", arg=compare, timeout=15_000)
    page.locator(RESET).click()
    page.wait_for_function(f"sel => !({offered})(sel).includes('ketamine alone')", arg=compare, timeout=15_000)
    assert page.evaluate(offered, compare) == read_python_value(page, "list(lab.compare_choice.options)")
    named = page.locator(compare).evaluate("s => s.selectedOptions[0].textContent.replace(/\\u00a0/g, ' ')")
    page.locator(f"{LAB} .widget-checkbox:has-text('compare with') input").check()
    page.locator(f"{LAB} .keta-lab-caption", has_text=named).wait_for(timeout=15_000)
    assert read_python_value(page, "lab.comparison.label") == named
    assert page.locator(f"{LAB} .keta-lab-error").count() == 0
    assert not console_log.problems, "browser console errors:\n" + console_log.report()


def test_values_set_from_code_stand_though_the_page_answers_them_late_and_moves_still_count(lab_server, page, console_log):
    open_lab(page, lab_server, "lab_answers")
    readout = page.locator(f"{LAB} .widget-slider:has(.widget-label:text-is('amount (mg/kg)')) .widget-readout")
    # Two doses set in one cell: the page answers the first after the kernel has moved on to the
    # second; neither answer is a move, and the lab ends on exactly the second dose.
    append_and_run(page, "runs.clear()\nlab.dose = kw.Infusion(2.0, 40.0)\nlab.dose = kw.Infusion(0.7, 40.0)")
    settle(page, "0.71")  # 0.7 on the grid: 10^-0.15 = 0.708
    runs, dose = read_python_value(page, "[runs, lab.dose.describe()]")
    assert (runs, dose) == (["2 mg/kg IV over 40 min", "0.7 mg/kg IV over 40 min"], "0.7 mg/kg IV over 40 min"), runs

    # A parameter too: the Mg²⁺ slider moves in steps of 0.05 mM, and the page answers 1.23 with 1.25.
    append_and_run(page, "lab.params.mg_mM = 1.23")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.keta-lab .widget-slider')]"
        ".find(s => s.querySelector('.widget-label')?.textContent === 'Mg²⁺ (mM)')"
        "?.querySelector('.widget-readout').textContent.trim() === '1.25'",
        timeout=15_000,
    )
    page.wait_for_timeout(1500)
    assert read_python_value(page, "[lab.params.mg_mM, lab.trajectory.params['mg_mM']]") == [1.23, 1.23]

    # A student's move is still a move.
    append_and_run(page, "runs.clear()")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("1.5")
    page.keyboard.press("Enter")
    settle(page, "1.5")
    runs, dose = read_python_value(page, "[runs, lab.dose.describe()]")
    assert dose.startswith("1.5") and len(runs) == 1, (runs, dose)
    assert page.locator(f"{LAB} .keta-lab-error").count() == 0
    assert not console_log.problems, "browser console errors:\n" + console_log.report()


def test_a_lesson_changed_in_the_page_says_so_and_choosing_it_loads_it_again(lab_server, page, console_log):
    """Review: with the amount dragged to 20 mg/kg the menu still named the 0.5 mg/kg lesson, and
    choosing it again did nothing; the log-time lesson played its 48 h in 3.9 s, at 1 h/s."""
    open_lab(page, lab_server, "lab_changed_lesson")
    title = "Antidepressant infusion: 0.5 mg/kg IV over 40 min"
    menu, speed = dropdown("Lesson"), f"{KETA} .keta-speed"

    def wait_shown(selector: str, text: str) -> None:
        """Wait until the select ``selector`` (a Playwright selector) shows ``text``."""
        deadline = time.monotonic() + 15
        while (shown := page.locator(selector).evaluate("s => s.selectedOptions[0].textContent.replace(/\\u00a0/g, ' ')")) != text:
            assert time.monotonic() < deadline, f"{selector} shows {shown!r}, not {text!r}"
            page.wait_for_timeout(100)

    page.locator(menu).select_option(label=title)
    settle(page, "0.50")
    # Log time at the speed picked for it (48 h in 39 s), and picked again when the student leaves it.
    page.locator(f"{KETA}[data-time-mode='log']").wait_for(timeout=15_000)
    wait_shown(speed, "6 min/s")
    page.locator(f"{KETA} .keta-log-time").click()
    wait_shown(speed, "1 h/s")
    assert read_python_value(page, "[lab.log_time, lab.speed]") == [False, 1.0]

    type_amount(page, "20")  # the review dragged it there
    settle(page, "20")
    wait_shown(menu, f"(changed) {title}")
    page.locator(menu).select_option(label=title)
    settle(page, "0.50")
    wait_shown(menu, title)
    assert read_python_value(page, "[lab.dose.describe(), lab.log_time, lab.speed]") == [ANTIDEPRESSANT, True, 0.1]
    assert page.locator(f"{LAB} .keta-lab-caption").inner_text().startswith(f"{title}. {ANTIDEPRESSANT}:")
    assert page.locator(f"{LAB} .keta-lab-error").count() == 0
    assert not console_log.problems, "browser console errors:\n" + console_log.report()
