import pytest
from .lab_helpers import collapse_left_sidebar, open_notebook, run_all_cells, write_notebook, save_screenshot
pytestmark = pytest.mark.e2e

JS = """() => [...document.querySelectorAll('.keta-chart .axis text')].filter(t => t.textContent.trim() && t.getBoundingClientRect().width>0).map(t => [t.classList.contains('axislabel') ? 'title':'tick', t.textContent, getComputedStyle(t).fontSize]).slice(0, 40)
  .concat([[ 'styles', [...document.querySelectorAll('style')].filter(s => s.textContent.includes('keta-chart')).length ]])"""

def test_probe(lab_server, page):
    page.set_viewport_size({"width": 1280, "height": 720})
    write_notebook(lab_server, "probe", ["import ketawidget as kw\nlab = kw.KetamineLab()\nlab.charts[0]"])
    open_notebook(page, lab_server, "probe")
    collapse_left_sidebar(page)
    run_all_cells(page, timeout_s=120)
    page.locator(".keta-chart-drug svg.svg-figure").wait_for(state="visible", timeout=30_000)
    page.wait_for_timeout(2000)
    print(page.evaluate(JS))
    save_screenshot(page, "/tmp/chart-text/probe.png")
