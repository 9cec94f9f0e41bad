"""The run's pre-treatments marked where they act, in a real JupyterLab and headless Chromium.

The NBQX lesson of ``kw.KetamineLab``: the diagram draws NBQX on its AMPA receptors (a chip named NBQX
beside them, a molecule in every receptor), says so in the scene's accessible name, keeps the chip's
words readable in the dark theme, explains the molecule in the legend under the diagram (readable in
both themes), draws and names it in the synapse zoom too (whose own legend explains it there), and takes it all
away (the legends' entries too) when a new run is made without NBQX.
"""

from __future__ import annotations

import pytest

from .lab_helpers import KETA, append_and_run, collapse_left_sidebar, open_notebook, run_all_cells
from .lab_helpers import save_screenshot, set_theme, wait_attr, write_notebook
from .test_lab_e2e import assert_no_console_errors
from .test_scene_e2e import _contrast

pytestmark = pytest.mark.e2e

NBQX_CHIP = f"{KETA} .keta-view-circuit [data-actor-part='ampa_receptor'] .keta-pretreatment[data-condition='nbqx']"
MOLECULES = f"{KETA} .keta-view-circuit [data-actor='ampa_receptor'] .keta-ampa .keta-antagonist"
MICRO_CONDITIONS = f"{KETA} .keta-view-synapse .keta-micro-conditions"
LEGEND_ENTRY = f"{KETA} .keta-legend-circuit li"
MICRO_LEGEND_ENTRY = f"{KETA} .keta-legend-synapse li"
NBQX_ENTRY_WORDS = "NBQX in an AMPA receptor (keeps glutamate out)"
BLOCK_ENTRY_WORDS = "blocked by a pre-treatment (named beside it)"
MICRO_MOLECULES = f"{KETA} .keta-view-synapse [data-actor='ampa_channel'] .keta-antagonist"

# The chip's fill and its words' fill as the reader sees them, and whether the chip lies on the
# AMPA receptors' row (its leader reaching the first receptor's molecule).
_CHIP_JS = """chip => {
  const rect = chip.querySelector('rect.keta-pretreatment-chip'), text = chip.querySelector('text');
  const receptors = document.querySelector('.keta-view-circuit [data-actor="ampa_receptor"] .keta-ampa-group').getBoundingClientRect();
  const box = chip.getBoundingClientRect();
  return { chip: getComputedStyle(rect).fill, words: getComputedStyle(text).fill, text: text.textContent,
           title: chip.querySelector("title").textContent,
           besideReceptors: box.bottom > receptors.top && box.top < receptors.bottom };
}"""


# The legend's NBQX entry as the reader sees it: its words' colour, its molecule's fill and the block
# sign's stroke (the colour it would wear: that entry is hidden in an NBQX run), on the diagram's ground
# (the root's --keta-bg, opaque: the legend draws none of its own).
_LEGEND_JS = """li => {
  const sign = li.parentElement.querySelector('.keta-block-sign circle');
  return { words: getComputedStyle(li.querySelector('span')).color,
           background: getComputedStyle(li.closest('.keta-synapse')).backgroundColor,
           molecule: getComputedStyle(li.querySelector('.keta-antagonist')).fill, sign: getComputedStyle(sign).stroke };
}"""


def _legend_faults(entry: dict, theme: str) -> list[str]:
    """The legend's words at the text's contrast (4.5:1), its NBQX molecule and block sign at a graphic's (3:1)."""
    least = {"words": 4.5, "molecule": 3.0, "sign": 3.0}
    return [f"{theme} theme: legend {part} {entry[part]} on {entry['background']}: {_contrast(entry[part], entry['background']):.2f} < {ratio}"
            for part, ratio in least.items() if _contrast(entry[part], entry["background"]) < ratio]


def _shown_molecules(page) -> int:
    return page.evaluate(
        "sel => [...document.querySelectorAll(sel)].filter(m => getComputedStyle(m).visibility === 'visible'"
        " && parseFloat(getComputedStyle(m.closest('.keta-ampa')).opacity) > 0.5).length",
        MOLECULES,
    )


def _shown_micro_molecules(page) -> int:
    return page.evaluate(
        "sel => [...document.querySelectorAll(sel)].filter(m => getComputedStyle(m).visibility === 'visible'"
        " && parseFloat(m.getAttribute('opacity')) > 0.5).length",
        MICRO_MOLECULES,
    )


def test_the_nbqx_lesson_shows_nbqx_on_the_ampa_receptors_until_a_run_without_it(lab_server, page, console_log):
    write_notebook(lab_server, "pretreatment_marks", ["import ketawidget as kw\nlab = kw.KetamineLab()\nlab.load_preset('nbqx')\nlab"])
    open_notebook(page, lab_server, "pretreatment_marks")
    collapse_left_sidebar(page)
    run_all_cells(page, timeout_s=120)
    page.locator(KETA).wait_for(timeout=30_000)
    wait_attr(page, "data-run-conditions", "v === 'nbqx'", timeout_ms=30_000)
    append_and_run(page, "lab.time_h = 3.0")  # the surge: the AMPA receptors are what the lesson is about
    wait_attr(page, "data-time-h", "v !== null && Math.abs(parseFloat(v) - 3) < 1e-3")

    chip = page.locator(NBQX_CHIP)
    chip.scroll_into_view_if_needed()
    assert chip.is_visible()
    light = chip.evaluate(_CHIP_JS)
    assert light["text"] == "NBQX" and light["title"].startswith("NBQX blocks AMPA receptors: "), light
    assert light["besideReceptors"], f"the NBQX chip is not level with the AMPA receptors: {light}"
    # A molecule of NBQX in each of the receptors in the membrane (the baseline four: NBQX keeps
    # synaptic strength from rising enough to add one).
    assert _shown_molecules(page) == 4
    name = page.locator(f"{KETA} .keta-view-circuit").get_attribute("aria-label")
    assert "Marked in this run: NBQX blocks AMPA receptors: " in name, name
    assert _contrast(light["words"], light["chip"]) >= 4.5, light
    # The legend under the diagram says what the molecule is; the block sign's entry waits for a run
    # that blocks a gauge.
    nbqx_entry = page.locator(LEGEND_ENTRY, has_text=NBQX_ENTRY_WORDS)
    assert nbqx_entry.is_visible()
    assert nbqx_entry.locator(".keta-ampa .keta-antagonist").is_visible()
    assert not page.locator(LEGEND_ENTRY, has_text=BLOCK_ENTRY_WORDS).is_visible()
    legend_faults = _legend_faults(nbqx_entry.evaluate(_LEGEND_JS), "light")
    save_screenshot(page, "pretreatment-nbqx-light.png", locator=page.locator(KETA))

    try:
        set_theme(page, "JupyterLab Dark")
        page.wait_for_function(  # the diagram's colours follow the theme's stylesheet
            "([sel, fill]) => getComputedStyle(document.querySelector(sel).querySelector('rect.keta-pretreatment-chip')).fill !== fill",
            arg=[NBQX_CHIP, light["chip"]],
            timeout=10_000,
        )
        dark = chip.evaluate(_CHIP_JS)
        legend_faults += _legend_faults(nbqx_entry.evaluate(_LEGEND_JS), "dark")
        save_screenshot(page, "pretreatment-nbqx-dark.png", locator=page.locator(KETA))
    finally:
        set_theme(page, "JupyterLab Light")  # the server's settings are shared with later tests
    ratio = _contrast(dark["words"], dark["chip"])
    assert ratio >= 4.5, f"dark theme: NBQX's words {dark['words']} on its chip {dark['chip']}: contrast {ratio:.2f} < 4.5"
    assert not legend_faults, legend_faults

    # The synapse zoom shows the same run's synapse: NBQX named with its conditions, on the AMPA
    # channels that are not open (the model holds 95 % of them; the zoom draws six).
    zoom = page.locator(KETA).get_by_role("button", name="Synapse zoom", exact=True)
    zoom.click()
    wait_attr(page, "data-zoom", "v === 'synapse'", timeout_ms=5_000)
    conditions = page.locator(MICRO_CONDITIONS)
    page.wait_for_function("sel => document.querySelector(sel)?.textContent.startsWith('Run at')", arg=MICRO_CONDITIONS, timeout=10_000)
    assert conditions.text_content().endswith("; NBQX on the AMPA receptors"), conditions.text_content()
    assert _shown_micro_molecules(page) >= 5
    # The zoom's own legend explains the molecule (the circuit's is hidden in this zoom).
    micro_entry = page.locator(MICRO_LEGEND_ENTRY, has_text=NBQX_ENTRY_WORDS)
    assert micro_entry.is_visible()
    assert micro_entry.locator(".keta-ampa .keta-antagonist").is_visible()
    assert page.locator(LEGEND_ENTRY, has_text=NBQX_ENTRY_WORDS).is_hidden()
    save_screenshot(page, "pretreatment-nbqx-synapse-zoom.png", locator=page.locator(KETA))

    # A new run without NBQX: the mark goes with it, from the zoom and from the circuit.
    append_and_run(page, "lab.params.nbqx = False")
    wait_attr(page, "data-run-conditions", "v === null", timeout_ms=30_000)
    page.locator(KETA).scroll_into_view_if_needed()  # the zoom is drawn (its text set) only in view
    page.wait_for_function("sel => !document.querySelector(sel).textContent.includes('NBQX')", arg=MICRO_CONDITIONS, timeout=10_000)
    assert _shown_micro_molecules(page) == 0
    assert page.locator(MICRO_LEGEND_ENTRY, has_text=NBQX_ENTRY_WORDS).is_hidden()
    zoom.click()
    wait_attr(page, "data-zoom", "v === 'circuit'", timeout_ms=5_000)
    page.wait_for_function("sel => document.querySelector(sel) === null", arg=NBQX_CHIP, timeout=10_000)
    assert _shown_molecules(page) == 0
    assert page.locator(LEGEND_ENTRY, has_text=NBQX_ENTRY_WORDS).is_hidden()
    name = page.locator(f"{KETA} .keta-view-circuit").get_attribute("aria-label")
    assert "NBQX" not in name, name
    assert page.locator(".keta-error").count() == 0
    assert_no_console_errors(console_log)
