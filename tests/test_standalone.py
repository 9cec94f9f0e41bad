"""A diagram saved as one HTML page (ketawidget/export.py): what the page holds, read back
the way a browser's HTML parser reads it, and how a bad path or title is refused with nothing written."""

from __future__ import annotations

import base64
import html
import html.parser
import json
import os
import pathlib
import re
import stat

import numpy as np
import pytest

import ketawidget as kw
from conftest import contrast, mix
from ketawidget import export
from ketawidget.widget.charts import COLOURS, LOG_TIME_FLOOR_H, PANELS, tick_text
from ketawidget.widget.synapse_view import PLAYBACK_TRAITS, RUN_LABEL_TRAITS, STATIC_DIR, WIRE_TRAITS


@pytest.fixture(scope="module")
def traj():
    return kw.simulate(kw.Infusion(0.5, 40), hours=12)


@pytest.fixture
def view(traj):
    # Away from every default, so that a page that saved the defaults instead would fail.
    return kw.SynapseView(traj, time_h=3.5, speed=6.0, log_time=True)


class PageParser(html.parser.HTMLParser):
    """The page's elements as a browser's parser finds them: script and style text is raw, up to the
    first ``</script`` or ``</style``; the title's character references are decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None], str]] = []
        self._open: list[tuple[str, dict[str, str | None], list[str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("meta", "link", "br"):
            self.elements.append((tag, dict(attrs), ""))
        else:
            self._open.append((tag, dict(attrs), []))

    def handle_endtag(self, tag):
        open_tag, attrs, text = self._open.pop()
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"
        self.elements.append((tag, attrs, "".join(text)))

    def handle_data(self, data):
        for _, _, text in self._open:
            text.append(data)

    def find(self, tag: str, **attrs: str) -> list[str]:
        """The text of every ``tag`` element whose attributes include ``attrs``."""
        return [text for t, a, text in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    assert not parser._open, f"unclosed elements: {[t for t, _, _ in parser._open]}"
    return parser


def saved_traits(page: str) -> dict[str, object]:
    """The traits the page holds: its JSON state, bytes decoded from base64."""
    (state,) = parse(page).find("script", type="application/json", id="ketawidget-state")
    saved = json.loads(state)
    assert set(saved) == {"traits", "bytes"}
    assert not set(saved["traits"]) & set(saved["bytes"])
    return {**saved["traits"], **{name: base64.b64decode(text, validate=True) for name, text in saved["bytes"].items()}}


# --------------------------------------------------------------------------- what the page holds


def test_the_page_holds_every_synced_trait_of_the_view_as_it_is_now(view):
    traits = saved_traits(view.to_html())
    assert set(traits) == {*WIRE_TRAITS, *PLAYBACK_TRAITS, "log_time", *RUN_LABEL_TRAITS, "kernel_picks_speed"}, "the diagram's traits, not anywidget's own"
    for name, value in traits.items():
        assert value == getattr(view, name), name
    assert (traits["time_h"], traits["speed"], traits["log_time"], traits["playing"]) == (3.5, 6.0, True, False)
    assert isinstance(traits["trajectory_values"], bytes) and len(traits["trajectory_values"]) > 1000
    assert len(traits["microscope_values"]) > 1000, "the synapse zoom's runs travel with the page"


def test_a_later_change_to_the_view_is_in_the_next_page(view, traj):
    view.time_h = 7.25
    view.trajectory = kw.simulate(kw.Bolus(2.0), hours=4)  # keeps the playhead, clamped to 4 h
    traits = saved_traits(view.to_html())
    assert traits["time_h"] == 4.0
    assert traits["trajectory_time_h"] == view.trajectory_time_h != kw.SynapseView(traj).trajectory_time_h


def test_the_bundle_css_and_host_are_inlined_verbatim(view):
    page = parse(view.to_html())
    bundle = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    assert page.find("script", type="text/plain", id="ketawidget-esm") == [bundle]
    assert page.find("script", type="module") == [(STATIC_DIR / "standalone.js").read_text(encoding="utf-8")]
    assert (STATIC_DIR / "widget.css").read_text(encoding="utf-8") in page.find("style")
    assert len(page.find("div", id="ketawidget-diagram")) == 1


def test_the_page_ids_are_the_ones_the_host_looks_up():
    source = (pathlib.Path(__file__).parents[1] / "js" / "standalone" / "embedded_page.ts").read_text()
    for part, element_id in export.PAGE_IDS.items():
        assert f'{part}: "{element_id}"' in source


def test_strings_in_the_state_cannot_end_its_script_element(traj):
    unit = '</script><!--<script>alert("x")</script>&amp;'
    odd = kw.Trajectory(traj.time_h, dict(traj), {**traj.units, "glutamate_rel": unit}, description=traj.description, params=traj.params)
    view = kw.SynapseView(odd)
    page = view.to_html()
    assert saved_traits(page)["trajectory_units"][list(odd.channels).index("glutamate_rel")] == unit
    assert len(parse(page).find("script")) == 3, "no script element but the page's own three"


def test_the_title_is_escaped(view):
    title = '<script>alert("hi")</script> & friends'
    page = view.to_html(title=title)
    assert parse(page).find("title") == [title]
    assert "<script>alert" not in page
    assert len(parse(page).find("script")) == 3


def test_the_title_says_the_runs_dose_else_what_the_page_is(view, traj):
    assert parse(view.to_html()).find("title") == ["Ketamine at the synapse: 0.5 mg/kg IV over 40 min"]
    unnamed = kw.Trajectory(traj.time_h, dict(traj), traj.units, params=traj.params)
    assert parse(kw.SynapseView(unnamed).to_html()).find("title") == [export.DEFAULT_TITLE]


def test_the_page_keeps_what_the_run_is_and_a_diagram_alone_names_it_in_its_title():
    """The run's description and conditions travel in the page's state (the story names NBQX and the
    presenting view its run there too), and a diagram saved alone names its pre-treatments in its
    title and footer, as a lab's page does."""
    view = kw.SynapseView(kw.simulate(kw.Infusion(0.5, 40), kw.Params(nbqx=True, chronic_stress=True), hours=2))
    page = view.to_html()
    traits = saved_traits(page)
    assert traits["run_description"] == "0.5 mg/kg IV over 40 min with NBQX, after chronic stress"
    assert traits["run_conditions"] == ["chronic_stress", "nbqx"]
    assert parse(page).find("title") == ["Ketamine at the synapse: 0.5 mg/kg IV over 40 min with NBQX, after chronic stress"]
    (footer,) = parse(page).find("p", **{"class": "ketawidget-page-footer"})
    assert "(0.5 mg/kg IV over 40 min with NBQX, after chronic stress)" in footer
    # What an author says of a run is what the page keeps; a run that says nothing keeps nothing.
    view.run_description = "NBQX given i.c.v. <first>"
    assert saved_traits(view.to_html())["run_description"] == "NBQX given i.c.v. <first>"
    plain = saved_traits(kw.SynapseView(kw.Trajectory(view.trajectory.time_h, dict(view.trajectory), view.trajectory.units)).to_html())
    assert (plain["run_description"], plain["run_conditions"]) == ("", [])


def test_a_footer_line_says_what_the_page_is_and_which_ketawidget_made_it(view):
    (footer,) = parse(view.to_html()).find("p", **{"class": "ketawidget-page-footer"})
    assert "0.5 mg/kg IV over 40 min" in footer
    assert footer.endswith(f"Generated by ketawidget {kw.__version__}.")


def test_the_labs_diagram_saves_the_labs_run_and_playhead(tmp_path):
    lab = kw.KetamineLab()
    lab.time_h = 1.5
    path = lab.diagram.save_html(tmp_path / "lab.html")
    traits = saved_traits(path.read_text(encoding="utf-8"))
    assert traits["time_h"] == 1.5
    assert traits["trajectory_values"] == lab.diagram.trajectory_values
    assert parse(path.read_text(encoding="utf-8")).find("title") == [f"Ketamine at the synapse: {lab.trajectory.description}"]


# --------------------------------------------------------------------------- writing the file


def test_save_html_writes_the_page_and_returns_its_path(view, tmp_path):
    for path in (tmp_path / "a.html", str(tmp_path / "b.html")):
        written = view.save_html(path, title="Ketamine")
        assert written == pathlib.Path(path)
        assert written.read_text(encoding="utf-8") == view.to_html(title="Ketamine")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.html"], "no temporary file left"


def test_a_relative_path_is_written_in_the_working_directory(view, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert view.save_html("ketamine.html") == pathlib.Path("ketamine.html")
    assert (tmp_path / "ketamine.html").is_file()


def test_the_file_can_be_read_by_others_as_any_new_file(view, tmp_path):
    # A web server reading an uploaded page: the mode a new file gets (0o666 less the umask), not 0o600.
    old = os.umask(0o022)
    try:
        path = view.save_html(tmp_path / "page.html")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_an_existing_file_is_replaced(view, tmp_path):
    path = tmp_path / "page.html"
    path.write_text("old")
    view.save_html(path)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


class _BytesPath:
    def __fspath__(self) -> bytes:
        return b"page.html"


@pytest.mark.parametrize(
    ("path", "error", "message"),
    [
        (42, TypeError, r"^path must be a str or os.PathLike naming the HTML file to write, such as 'ketamine.html'; got int$"),
        (None, TypeError, r"^path must be a str or os.PathLike .*; got NoneType$"),
        (b"page.html", TypeError, r"^path must be a str or os.PathLike .*; got bytes$"),
        (_BytesPath(), TypeError, r"^path must be a str or os.PathLike .*; got _BytesPath$"),
        ("", ValueError, r"^path must be a str or os.PathLike .*; got ''$"),
        # Review: the system's "embedded null byte" named neither the argument nor the character.
        ("a\0b.html", ValueError, r"^path must be a str or os.PathLike .*; got 'a\\x00b.html': no file name may hold a null character \('\\0'\)$"),
    ],
)
def test_a_path_that_is_no_file_name_is_refused(view, path, error, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error, match=message):
        view.save_html(path)
    assert list(tmp_path.iterdir()) == []


def test_a_path_whose_directory_does_not_exist_is_refused_and_nothing_is_made(view, tmp_path):
    path = tmp_path / "missing" / "page.html"
    with pytest.raises(FileNotFoundError, match=r"^path '.*/missing/page.html': its directory '.*/missing' does not exist \(save_html makes no directories\)$"):
        view.save_html(path)
    assert list(tmp_path.iterdir()) == []


def test_a_path_under_a_file_or_naming_a_directory_is_refused(view, tmp_path):
    (tmp_path / "notes.txt").write_text("notes")
    with pytest.raises(NotADirectoryError, match=r"^path '.*/notes.txt/page.html': '.*/notes.txt' is a file, not a directory$"):
        view.save_html(tmp_path / "notes.txt" / "page.html")
    with pytest.raises(IsADirectoryError, match=r"^path '.*' is a directory; name the file to write in it, such as '.*/ketamine.html'$"):
        view.save_html(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize(
    ("title", "error", "message"),
    [
        (3, TypeError, r"^title must be a str or None \(None: the run in words, or 'ketawidget: ketamine at the synapse'\); got int$"),
        ("  ", ValueError, r"^title must hold some text, or be None for the default; got '  '$"),
        # Review: a UnicodeEncodeError at a position in the page, not in the title.
        ("a\ud800b", ValueError, r"^title must be text that UTF-8 can write; got 'a\\ud800b', whose character at index 1 \('\\ud800'\) cannot be written \(surrogates not allowed: half of a character\)$"),
    ],
)
def test_a_bad_title_is_refused_and_nothing_is_written(view, tmp_path, title, error, message):
    with pytest.raises(error, match=message):
        view.save_html(tmp_path / "page.html", title=title)
    assert list(tmp_path.iterdir()) == []


def test_a_view_without_a_run_or_something_else_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"^the view has no run to save: assign view.trajectory = kw.simulate\(...\) first$"):
        kw.SynapseView().save_html(tmp_path / "page.html")
    with pytest.raises(TypeError, match=r"^view must be a ketawidget.SynapseView or KetamineLab; got Trajectory$"):
        export.save_html(kw.simulate(kw.NoDrug(), hours=1), tmp_path / "page.html")
    assert list(tmp_path.iterdir()) == []


def test_a_lab_saves_its_diagram_with_its_caption_as_the_lesson_page(tmp_path):
    """DESIGN's lab.save_html("lesson.html"): the lab's diagram as it is, and the caption that says
    what the run is (the NBQX lesson names the pre-treatment), above it."""
    lab = kw.KetamineLab()
    lab.load_preset("nbqx")
    lab.time_h = 2.0
    path = lab.save_html(tmp_path / "lesson.html")
    assert path == tmp_path / "lesson.html"
    page = path.read_text(encoding="utf-8")
    state = json.loads(parse(page).find("script", type="application/json")[0])
    assert state["traits"]["time_h"] == 2.0
    assert base64.b64decode(state["bytes"]["trajectory_values"]) == lab.diagram.trajectory_values
    # The lab's caption whole, its sentence on the dashed run too: the page draws the comparison.
    assert "Dashed: <i>ketamine alone</i>." in lab.caption.value
    assert f'<section class="ketawidget-page-caption">{lab.caption.value}</section>' in page
    assert "NBQX" in lab.caption.value and "In the lab, this run is compared with" not in page
    # The title and the footer name the pre-treatment, which the dose alone does not (review).
    assert parse(page).find("title") == ["Ketamine at the synapse: 0.5 mg/kg IV over 40 min with NBQX"]
    assert "from a simulated run (0.5 mg/kg IV over 40 min with NBQX)" in page
    assert page.index("ketawidget-page-caption") < page.index('id="ketawidget-diagram"')
    assert lab.to_html() == page


def test_a_module_that_would_end_its_script_element_is_refused_not_cut(view, tmp_path):
    view._esm = view._esm + '\nconst html = "</SCRIPT>";'
    with pytest.raises(ValueError, match=r"^the widget module contains '</script', which would end its <script> element in the page early"):
        view.save_html(tmp_path / "page.html")
    assert list(tmp_path.iterdir()) == []


def test_a_run_description_utf8_cannot_write_is_refused_naming_it(tmp_path):
    view = kw.SynapseView(kw.simulate(kw.NoDrug(), hours=1), run_description="half \udc80 a character")
    with pytest.raises(ValueError, match=r"^run_description must be text that UTF-8 can write; got 'half \\udc80 a character', whose character at index 5"):
        view.save_html(tmp_path / "page.html")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("errno, kind", [(13, PermissionError), (28, OSError), (30, OSError)])
def test_a_file_that_cannot_be_written_is_named_as_given_not_by_its_temporary_name(view, tmp_path, monkeypatch, errno, kind):
    """Review: /proc/x.html gave "FileNotFoundError: ... '/proc/.x.html.<hex>.tmp'", a file the
    student never named."""
    def refuse(path, *args):
        raise OSError(errno, os.strerror(errno), str(path))

    monkeypatch.setattr(export.os, "open", refuse)
    path = tmp_path / "page.html"
    with pytest.raises(kind, match=rf"^\[Errno {errno}\] path '{re.escape(str(path))}' cannot be written: {re.escape(os.strerror(errno))}; nothing was written$") as raised:
        view.save_html(path)
    assert raised.value.errno == errno and ".tmp" not in str(raised.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux's /proc")
def test_a_page_in_a_place_no_file_can_be_is_refused_naming_the_path(view):
    with pytest.raises(OSError, match=r"^\[Errno \d+\] path '/proc/x.html' cannot be written: .*; nothing was written$"):
        view.save_html("/proc/x.html")


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(view, tmp_path, monkeypatch):
    path = tmp_path / "page.html"
    path.write_text("the page as it was")

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "replace", disk_full)
    with pytest.raises(OSError, match="No space left"):
        view.save_html(path)
    assert path.read_text() == "the page as it was"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_writing_over_a_page_keeps_its_mode_and_writes_through_a_link(view, tmp_path):
    """Review: a private (0600) page became world-readable when saved again, and a link to a page
    was replaced by a file, leaving the page it pointed to as it was."""
    private = tmp_path / "private.html"
    private.write_text("old")
    private.chmod(0o600)
    view.save_html(private)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and private.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    real, link = tmp_path / "real.html", tmp_path / "link.html"
    real.write_text("old")
    link.symlink_to(real)
    view.save_html(link)
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.html", "private.html", "real.html"]


# --------------------------------------------------------------------------- a lab's charts


def chart_declarations(page: str) -> dict:
    """The charts part of a lab's page, read back."""
    (text,) = parse(page).find("script", type="application/json", id="ketawidget-charts")
    return json.loads(text)


@pytest.fixture(scope="module")
def lab_page():
    """A lab as a teacher leaves it: the NBQX lesson (a comparison on), its page, and its charts part."""
    lab = kw.KetamineLab()
    lab.load_preset("nbqx")
    page = lab.to_html()
    return lab, page, chart_declarations(page)


def test_a_labs_page_declares_the_labs_six_panels_as_its_charts_draw_them(lab_page):
    """The panels' titles, lines, colours, legend names, y axes and summaries are the lab's bqplot
    panels' own, from the same declarations: with the lesson's comparison cleared, every one matches
    what the lab draws for the run alone."""
    lab, _page, _charts = lab_page
    lab.clear_comparison()  # the run alone, in the lab and on its page
    charts = chart_declarations(lab.to_html())
    assert [p["key"] for p in charts["panels"]] == [p.key for p in PANELS]
    assert charts["comparison"] is None and not any("comparison" in p for p in charts["panels"])
    try:
        for declared, panel in zip(charts["panels"], PANELS, strict=True):
            drawn = lab.timeseries.panels[panel.key]
            assert declared["title"] == panel.title
            assert [line["channel"] for line in declared["lines"]] == list(panel.channels)
            assert [line["colour"] for line in declared["lines"]] == list(drawn.lines.colors) == [COLOURS[c] for c in panel.channels]
            assert [line["label"] for line in declared["lines"]] == list(drawn.lines.labels), panel.key
            assert declared["y_label"] == drawn.y_axis.label
            assert declared["relative_to_rest"] == panel.relative_to_rest
            assert declared["summary"] == html.unescape(drawn.summary.value), panel.key
            # The readout says what the lab's hover tooltips say: each line's name there, the value
            # labelled with the y axis' title and written in the tooltips' d3 format.
            assert drawn.hover_tooltip.labels == ["", declared["y_label"]]
            assert drawn.hover_tooltip.formats == ["", declared["value_format"]]
            hover_names = {name for mark in drawn.hover for name in mark.names}
            for line in declared["lines"]:
                assert any(name.startswith(f"{line['name']} at ") for name in hover_names), (panel.key, line["name"])
            for label in [panel.title, *drawn.lines.labels]:
                assert html.escape(label, quote=False) in drawn.legend.value, "the lab's legend says what the page's does"
            low, high = declared["y_range"]
            lines = np.vstack([lab.trajectory[c] / (lab.trajectory[c][0] if panel.relative_to_rest else 1.0) for c in panel.channels])
            assert low <= lines.min() and lines.max() <= high, f"{panel.key}: the run fits its axis"
            assert [text for _, text in declared["y_ticks"]], panel.key
            assert all(low <= value <= high for value, _ in declared["y_ticks"])
        assert charts["time_label"] == drawn.linear_axis.label == drawn.log_axis.label
    finally:
        lab.load_preset("nbqx")


def test_the_charts_part_carries_words_and_axes_not_a_second_copy_of_the_run(lab_page):
    _lab, page, charts = lab_page
    words = {**charts, "comparison": {**charts["comparison"], "values": ""}}
    assert len(json.dumps(words)) < 9_000, "the run itself is read from the state; only the comparison's values are here"
    numbers = [len(ticks) for ticks in (charts["time_ticks"], charts["log_time_ticks"], *(p["y_ticks"] for p in charts["panels"]))]
    assert max(numbers) <= 12
    assert len(parse(page).find("script")) == 4 and len(parse(page).find("section", id="ketawidget-panels")) == 1
    assert page.index('id="ketawidget-diagram"') < page.index('id="ketawidget-panels"') < page.index('class="ketawidget-page-footer"')
    (footer,) = parse(page).find("p", **{"class": "ketawidget-page-footer"})
    assert "synapse and charts of the run, from a simulated run" in footer


def test_a_labs_page_lays_its_panels_out_and_sizes_their_text_as_the_labs(lab_page):
    """Review: the page's charts kept 12-px text and the lab's layout from before its text grew (175-px
    panels, its own copy of the margins); its layout now comes with its declarations, from the numbers
    the lab's bqplot panels are drawn with."""
    from ketawidget.widget.charts import CHART_TEXT_CSS

    lab, _page, charts = lab_page
    layout = charts["layout"]
    panel = lab.timeseries.panels["drug"]
    assert panel.figure.fig_margin == layout["margin"]
    assert panel.figure.layout.height == f"{layout['height_px'] - layout['legend_line_px']}px"
    assert panel.y_axis.label_offset == f"{layout['y_title_offset_px']}px"
    assert panel.x_axis.label_offset == f"{layout['x_title_offset_px']}px"
    family = layout["font_family"]
    assert f"--bq-axis-tick-text-font: {layout['tick_px']}px {family};" in CHART_TEXT_CSS
    assert f"--bq-axislabel-font: {layout['axis_title_px']}px {family};" in CHART_TEXT_CSS
    assert f"font-size:{layout['legend_px']}px;line-height:{layout['legend_line_px']}px" in panel.legend.value
    # Read for a class at the back of a projected room (tests/e2e/test_chart_projection_e2e.py).
    assert layout["tick_px"] >= 14 and layout["axis_title_px"] >= 15 and layout["legend_px"] >= 14


def test_tick_labels_read_as_the_labs_d3_formats_write_them():
    assert [tick_text(v) for v in (0.0, 0.25, 0.3, 1.0, 12.0, 1500.0, -0.0, 0.000125)] == ["0", "0.25", "0.3", "1", "12", "1,500", "0", "0.000125"]
    assert [tick_text(v, percent=True) for v in (0.0, 0.5, 1.0)] == ["0%", "50%", "100%"]


def test_the_time_axis_is_linear_and_log_as_the_labs_from_the_first_minute():
    lab = kw.KetamineLab(hours=168)
    charts = chart_declarations(lab.to_html())
    assert [t for t, _ in charts["time_ticks"]][0] == 0.0 and charts["time_ticks"][-1][0] <= 168
    assert charts["log_time_floor_h"] == LOG_TIME_FLOOR_H
    assert [text for _, text in charts["log_time_ticks"]] == ["0.1", "1", "6", "24", "168"]
    lab.log_time = True
    assert lab.timeseries.panels["drug"].log_axis.tick_values.tolist() == [t for t, _ in charts["log_time_ticks"]]


def test_a_labs_page_carries_the_comparison_run_for_exactly_the_panels_channels(lab_page):
    """The NBQX lesson's dashed "ketamine alone": its values for the channels the six panels draw, no
    others, float32 as the state holds the run's, equal to the lab's comparison run; on the run's own
    times (none of its own); in the lab's dashed style and colour."""
    from ketawidget.widget.charts import COMPARISON_LINE

    lab, page, charts = lab_page
    comparison = charts["comparison"]
    channels = list(dict.fromkeys(c for panel in PANELS for c in panel.channels))
    assert comparison["channels"] == channels
    assert set(channels) < set(lab.comparison_trajectory.channels), "not the diagram's other channels"
    assert comparison["label"] == lab.comparison.label == "ketamine alone"
    assert comparison["time_h"] is None, "the same times as the run's, not sent twice"
    values = np.frombuffer(base64.b64decode(comparison["values"], validate=True), dtype="<f4").reshape(len(channels), -1)
    run = lab.comparison_trajectory
    assert values.shape[1] == run.time_h.size
    for row, channel in zip(values, channels, strict=True):
        np.testing.assert_allclose(row, run[channel], rtol=1e-6, atol=1e-30, err_msg=channel)
    assert comparison["legend_colour"] == COLOURS["comparison"]
    # How the lab draws it: bqplot's line style is drawn on the page from its SVG dash array.
    assert {k: comparison[k] for k in ("dash_array", "stroke_width", "opacity")} == {k: v for k, v in COMPARISON_LINE.items() if k != "line_style"}
    assert "line_style" not in comparison
    assert [p["comparison"]["names"] for p in charts["panels"]] == [
        [f"{line['name']}, ketamine alone" for line in p["lines"]] for p in charts["panels"]
    ]


def test_the_charts_hint_names_the_dashed_comparison_only_on_a_page_with_one(lab_page):
    """The hint under the charts says what the dashed lines are, by the comparison's label; without a
    comparison it is the hint alone."""
    _lab, _page, charts = lab_page
    assert charts["hint"] == f"{export.CHARTS_HINT} Dashed lines: the comparison run, ketamine alone."
    lab = kw.KetamineLab(hours=12)
    lab.compare_with(params={"nbqx": True}, label="ketamine + NBQX")
    assert chart_declarations(lab.to_html())["hint"].endswith(" Dashed lines: the comparison run, ketamine + NBQX.")
    lab.clear_comparison()
    assert chart_declarations(lab.to_html())["hint"] == export.CHARTS_HINT
    assert "dashed" not in export.CHARTS_HINT.lower()


def test_a_comparison_on_times_of_its_own_carries_them():
    """A comparison with another dose can have other sample times: they go with it, and the time axis
    holds the longer run."""
    lab = kw.KetamineLab(hours=12)
    lab.compare_with(dose=kw.Bolus(2, route="im"), label="an injection")
    assert not np.array_equal(lab.trajectory.time_h, lab.comparison_trajectory.time_h)
    comparison = chart_declarations(lab.to_html())["comparison"]
    time_h = np.frombuffer(base64.b64decode(comparison["time_h"], validate=True), dtype="<f4")
    np.testing.assert_allclose(time_h, lab.comparison_trajectory.time_h, rtol=1e-6)
    values = np.frombuffer(base64.b64decode(comparison["values"]), dtype="<f4").reshape(len(comparison["channels"]), -1)
    assert values.shape[1] == time_h.size


def test_a_labs_page_draws_the_comparison_as_the_lab_does(lab_page):
    """With the lesson's comparison on, each panel's legend entry for it, its names in the readout and
    the summary a screen reader hears are the lab's own (the summary tells of the dashed run)."""
    lab, _page, charts = lab_page
    for declared, panel in zip(charts["panels"], PANELS, strict=True):
        drawn = lab.timeseries.panels[panel.key]
        assert html.escape(declared["comparison"]["legend"], quote=False) in drawn.legend.value, panel.key
        assert "dashed" in drawn.legend.value
        hover_names = {name for mark in drawn.hover for name in mark.names}
        for name in declared["comparison"]["names"]:
            assert any(hovered.startswith(f"{name}, at ") for hovered in hover_names), (panel.key, name)
        assert f"Dashed, {lab.comparison.label}" in declared["summary"]
        assert declared["summary"] == html.unescape(drawn.summary.value), panel.key
        low, high = declared["y_range"]
        for run in (lab.trajectory, lab.comparison_trajectory):
            lines = np.vstack([run[c] / (run[c][0] if panel.relative_to_rest else 1.0) for c in panel.channels])
            assert low <= lines.min() and lines.max() <= high, f"{panel.key}: both runs fit its axis"


def test_a_diagram_alone_has_no_charts(view):
    page = view.to_html()
    parsed = parse(page)
    assert not parsed.find("script", id="ketawidget-charts") and not parsed.find("section", id="ketawidget-panels")
    assert not any(".ketawidget-chart" in css for css in parsed.find("style")), "nor their styles"
    assert len(parsed.find("script")) == 3


# --------------------------------------------------------------------------- light and dark


def page_themes(page: str) -> dict[str, dict[str, str]]:
    """The theme variables the page's own stylesheet sets: on :root, and on :root in a dark setting."""
    css = next(text for text in parse(page).find("style") if ".ketawidget-page" in text)
    light = re.search(r"^:root \{([^}]*)\}", css, re.M).group(1)
    dark = re.search(r"@media \(prefers-color-scheme: dark\) \{ :root \{([^}]*)\} \}", css).group(1)
    return {name: dict(re.findall(r"(--[\w-]+): (#[0-9a-f]{6});", block)) for name, block in (("light", light), ("dark", dark))}


def test_the_page_follows_a_dark_setting_through_jupyterlabs_theme_variables(view, lab_page):
    for page in (view.to_html(), lab_page[1]):
        themes = page_themes(page)
        assert themes == export.PAGE_THEMES
        assert themes["dark"].keys() == themes["light"].keys()
        assert '<meta name="color-scheme" content="light dark">' in page
    # Every JupyterLab variable the diagram's styles read is set in both, so nothing falls back to a
    # light colour on a dark page (widget.css's fallbacks are the light theme's).
    widget_css = (STATIC_DIR / "widget.css").read_text(encoding="utf-8")
    read = set(re.findall(r"var\((--jp-(?:layout|ui-font|border|brand|error)-color\d)", widget_css))
    assert read <= set(export.PAGE_THEMES["dark"]), read - set(export.PAGE_THEMES["dark"])
    # The page's chrome and charts take their colours from those variables, not from fixed ones.
    css = next(text for text in parse(lab_page[1]).find("style") if ".ketawidget-page" in text)
    rules = css[css.index("body {"):]
    assert not re.search(r"#[0-9a-fA-F]{3,6}", rules), "a fixed colour in the page's rules would not follow the setting"


# Each text colour the page and the diagram draw, on each ground it is drawn on.
_TEXT_ON_GROUND = [
    ("--jp-ui-font-color1", "--jp-layout-color0"),  # the page: caption, chart titles, legends, ticks
    ("--jp-ui-font-color1", "--jp-layout-color1"),  # the diagram, a chart's readout box
    ("--jp-ui-font-color1", "--jp-layout-color2"),  # the diagram's buttons
    ("--jp-ui-font-color1", "--jp-layout-color3"),  # a pressed toggle, a hovered button
    ("--jp-ui-font-color2", "--jp-layout-color0"),  # the footer, the charts' hint
    ("--jp-ui-font-color2", "--jp-layout-color1"),  # a layer turned off, the layers' caption, a readout's label
    ("--jp-error-color1", "--jp-layout-color0"),  # the page's error line
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_reads_at_4_5_to_1_and_lines_at_3_to_1_in_both_settings(scheme):
    theme = export.PAGE_THEMES[scheme]
    faint = {(text, ground): round(contrast(theme[text], theme[ground]), 2) for text, ground in _TEXT_ON_GROUND
             if contrast(theme[text], theme[ground]) < 4.5}
    assert not faint
    # The diagram's error box: its text on the error colour mixed into the ground (widget.css), in a
    # dark setting; the light theme's pale one otherwise.
    box = mix(theme["--jp-error-color1"], theme["--jp-layout-color1"], 0.22) if scheme == "dark" else theme["--jp-error-color3"]
    assert contrast(theme["--jp-ui-font-color1"], box) >= 4.5
    # The charts' lines and playhead are graphics (3:1) on the page's ground.
    lines = {key: round(contrast(colour, theme["--jp-layout-color0"]), 2) for key, colour in COLOURS.items()}
    assert min(lines.values()) >= 3.0, lines
