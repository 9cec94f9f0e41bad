"""The README's usage example runs as written (its one placeholder line aside)."""

import re

from conftest import ROOT


def usage_example() -> str:
    """The first Python block under "## Use", without its placeholder line (``reference.simulate(...)``)."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Use", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    return "\n".join(line for line in block.splitlines() if "(...)" not in line)


def test_the_readme_usage_example_runs(tmp_path, monkeypatch):
    code = usage_example()
    assert "kw.KetamineLab()" in code and "lab.load_preset(" in code and "kw.simulate_synapse(" in code
    monkeypatch.chdir(tmp_path)  # the example saves a page in the working directory
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    lab, traj = namespace["lab"], namespace["traj"]
    # What the example says it ends with: the timeline lesson (a week, log time, against no drug).
    assert lab.log_time and lab.hours == 168.0 and not lab.params.nbqx
    assert lab.comparison is not None and lab.comparison.label == "no drug"
    assert traj.units["ketamine_brain_uM"] == "uM" and traj.time_h[-1] == 24.0
    page = (tmp_path / "lesson.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and lab.caption_html() in page
