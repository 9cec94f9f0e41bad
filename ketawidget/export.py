"""A synapse diagram saved as one HTML file that plays in any browser, with no kernel and no internet.

The page holds the widget's CSS and ES module as they ship (``ketawidget/static/``), the view's synced
traits as JSON (bytes as base64) and a small host (``js/standalone_host.ts``, built into
``static/standalone.js``) that hands the module's ``render`` a model with anywidget's interface over
those traits. Everything the diagram does in the browser alone works there: playback, the synapse
zoom (its runs travel with the trajectory), the story, the layers, presenting. A lab's page also has
the lab's six time-series panels: their declarations (titles, lines, colours, axes, summaries) go in
as JSON, computed by the charts' own functions (``charts.panel_drawing``), and the host draws them
as SVG from the run already in the state, and the lab's comparison run dashed (its values, for the
panels' channels, go in with the declarations), with a playhead that follows the diagram. Nothing
that needs Python works: no re-simulation, no new comparison, no dose-response or experiment chart. The
page follows the reader's light or dark setting (:data:`PAGE_THEMES`). The page's layout is a
contract with the host, docs/wire-format.md ("The standalone page").
"""

from __future__ import annotations

import base64
import html
import json
import os
import pathlib
import secrets
import stat
from typing import TYPE_CHECKING

import ipywidgets

from . import __version__
from .widget._wire import encode_trajectory
from .widget.charts import (
    COLOURS,
    COMPARISON_LINE,
    LOG_TIME_FLOOR_H,
    PANELS,
    TIME_AXIS_LABEL,
    linear_time_ticks,
    log_time_ticks,
    panel_drawing,
    tick_text,
    time_panel_layout,
)
from .widget.synapse_view import STATIC_DIR, SynapseView

if TYPE_CHECKING:  # pragma: no cover
    from .model.trajectory import Trajectory
    from .widget.lab import KetamineLab

__all__ = ["DEFAULT_TITLE", "PAGE_IDS", "PAGE_THEMES", "chart_declarations", "save_html", "saved_state", "to_html"]

#: The page's title when the view's run does not say what produced it.
DEFAULT_TITLE = "ketawidget: ketamine at the synapse"
#: The ids of the page's parts, which the host looks up (js/standalone/embedded_page.ts ``PAGE_IDS``):
#: a lab's page also has ``charts`` (the panels' declarations) and ``panels`` (where they draw).
PAGE_IDS = {
    "state": "ketawidget-state",
    "esm": "ketawidget-esm",
    "diagram": "ketawidget-diagram",
    "charts": "ketawidget-charts",
    "panels": "ketawidget-panels",
}
_HOST = STATIC_DIR / "standalone.js"

#: The page's colours in a light and a dark setting (``prefers-color-scheme``), as the JupyterLab
#: theme variables the diagram's styles read (js/widget.css), so page, charts and diagram change
#: together. Light: the diagram's own fallbacks. Dark: JupyterLab Dark's grounds (#212121, against
#: which the charts' line colours are chosen: charts.COLOURS), its text made opaque (87 % white is
#: #e0e0e0 there), a grey for secondary text lighter than its 54 % white, and a lighter red than its
#: error colour (#f44336 reads 4.4:1 on #212121). tests/test_standalone.py computes every pair of
#: text and ground the page and the diagram draw: 4.5:1 or more in both.
PAGE_THEMES = {
    "light": {
        "--jp-layout-color0": "#ffffff",  # the page
        "--jp-layout-color1": "#ffffff",  # the diagram, its toggles
        "--jp-layout-color2": "#eeeeee",  # the diagram's buttons
        "--jp-layout-color3": "#dddddd",  # a pressed toggle, a hovered button
        "--jp-ui-font-color1": "#222222",
        "--jp-ui-font-color2": "#555555",  # secondary text: the footer, the charts' hint, a toggle turned off
        "--jp-border-color1": "#bbbbbb",
        "--jp-brand-color1": "#1976d2",
        "--jp-error-color1": "#d32f2f",
        "--jp-error-color3": "#fdecea",
    },
    "dark": {
        "--jp-layout-color0": "#212121",
        "--jp-layout-color1": "#212121",
        "--jp-layout-color2": "#424242",
        "--jp-layout-color3": "#616161",
        "--jp-ui-font-color1": "#e0e0e0",
        "--jp-ui-font-color2": "#b0b0b0",
        "--jp-border-color1": "#757575",
        "--jp-brand-color1": "#2196f3",
        "--jp-error-color1": "#e57373",
        "--jp-error-color3": "#4a2424",
    },
}


def _theme_rules(theme: dict[str, str]) -> str:
    return "".join(f" {name}: {value};" for name, value in theme.items())


# The page's own chrome, around the diagram (whose styles are its own, scoped under .keta-synapse),
# in the theme's colours.
_PAGE_CSS = f"""
:root {{ color-scheme: light dark;{_theme_rules(PAGE_THEMES["light"])} }}
@media (prefers-color-scheme: dark) {{ :root {{{_theme_rules(PAGE_THEMES["dark"])} }} }}
body {{ margin: 0; padding: 16px; background: var(--jp-layout-color0); color: var(--jp-ui-font-color1); font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }}
.ketawidget-page {{ max-width: 960px; margin: 0 auto; }}
.ketawidget-page-footer {{ margin: 12px 0 0; font-size: 13px; color: var(--jp-ui-font-color2); }}
.ketawidget-page-caption {{ margin: 0 0 12px; line-height: 1.45; }}
.ketawidget-page-error {{ color: var(--jp-error-color1); }}
"""
# A lab's charts (js/standalone/time_charts.ts), in the theme's colours: text the theme's text, grid
# lines its border. Their sizes and margins are the lab's panels' (the declarations' ``layout``,
# charts.time_panel_layout), set by the page on the charts' element as the variables used here.
_CHART_CSS = """
.ketawidget-page-charts { margin: 16px 0 0; min-width: 0; }
.ketawidget-charts-hint { margin: 0 0 8px; font-size: 13px; color: var(--jp-ui-font-color2); }
.ketawidget-chart { margin: 0 0 6px; position: relative; }
.ketawidget-chart-legend { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 14px; font-size: var(--ketawidget-chart-legend-px); line-height: var(--ketawidget-chart-legend-line-px); margin: 0 var(--ketawidget-chart-plot-right) 0 var(--ketawidget-chart-plot-left); }
.ketawidget-chart-entry { white-space: nowrap; max-width: 100%; }
.ketawidget-chart-swatch { display: inline-block; width: 18px; margin-right: 5px; vertical-align: middle; border-top: 3px solid; }
.ketawidget-chart-plot { display: block; overflow: visible; touch-action: pan-y; user-select: none; -webkit-user-select: none; }
.ketawidget-chart-plot text { fill: var(--jp-ui-font-color1); font-family: var(--ketawidget-chart-font-family); font-size: var(--ketawidget-chart-tick-px); }
.ketawidget-chart-plot text.ketawidget-chart-axis-title { font-size: var(--ketawidget-chart-axis-title-px); }
.ketawidget-chart-grid line { stroke: var(--jp-border-color1); stroke-width: 1; stroke-dasharray: 3 3; opacity: 0.7; }
.ketawidget-chart-axis-line { stroke: var(--jp-ui-font-color1); stroke-width: 1; }
.ketawidget-chart-line { fill: none; stroke-width: 2.5; stroke-linejoin: round; }
.ketawidget-chart-playhead { stroke-width: 1.5; }
.ketawidget-chart-catcher { cursor: crosshair; }
.ketawidget-chart-plot:focus { outline: none; }
.ketawidget-chart-plot:focus-visible { outline: 2px solid var(--jp-brand-color1); outline-offset: 2px; }
.ketawidget-chart-dot { stroke: var(--jp-layout-color0); stroke-width: 1.5; }
.ketawidget-chart-readout { position: absolute; z-index: 1; box-sizing: border-box; width: max-content; padding: 4px 8px; border: 1px solid var(--jp-border-color1); border-radius: 4px; background: var(--jp-layout-color1); color: var(--jp-ui-font-color1); box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3); font-size: 12px; line-height: 16px; pointer-events: none; }
.ketawidget-chart-readout[hidden] { display: none; }
.ketawidget-chart-readout-time { font-weight: 600; }
.ketawidget-chart-readout-label { color: var(--jp-ui-font-color2); }
/* A row too narrow for a name and its value (a phone's box kept beside the time) puts the value under the name. */
.ketawidget-chart-readout-row { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 6px; }
.ketawidget-chart-readout-row .ketawidget-chart-swatch { width: 12px; margin-right: 0; flex: none; }
/* A dashed swatch is an SVG line two dashes long (chart_dom.ts): its own width, and no border. */
.ketawidget-chart-swatch.ketawidget-chart-swatch-dashed { width: auto; border-top: 0; }
.ketawidget-chart-readout-value { margin-left: auto; padding-left: 6px; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
@media (max-width: 520px) { .ketawidget-chart-legend { margin-left: 8px; } .ketawidget-chart-entry { white-space: normal; } }
"""
#: What a reader can do with a saved lab's charts, said above them.
CHARTS_HINT = ("The run, stage by stage, on one time axis: the grey line marks the diagram's time. Point at a chart (or tap it) "
               "for the values there; click or drag on it, or use the arrow keys, Home and End, to move the time.")


def charts_hint(comparison_label: str | None) -> str:
    """The hint above a saved lab's charts: :data:`CHARTS_HINT`, and on a page with a comparison
    (``comparison_label`` not None) what its dashed lines are, named as the lab's caption names them
    (the legend's swatch alone is a short grey dash that a reader can take for another line)."""
    if comparison_label is None:
        return CHARTS_HINT
    named = f", {comparison_label}" if comparison_label else ""
    return f"{CHARTS_HINT} Dashed lines: the comparison run{named}."


def saved_state(view: SynapseView) -> dict[str, dict[str, object]]:
    """The synced traits a page needs to show ``view`` as it is now.

    Parameters
    ----------
    view : SynapseView
        The diagram to save.

    Returns
    -------
    dict
        ``{"traits": {name: value}, "bytes": {name: base64 text}}``: every synced trait of the
        diagram (the run, its microscope runs, the playhead, playing, speed, time mode), not those
        of every ipywidget; the binary ones (the wire format's float32 buffers) under ``"bytes"``.
    """
    # Not the widget plumbing every anywidget syncs (its module, styles, id, layout, tooltip): the page
    # carries the module and styles itself, and has no layout of ipywidgets to apply.
    plumbing = set(ipywidgets.DOMWidget.class_trait_names())
    own = {name for name in view.trait_names(sync=True) if not name.startswith("_") and name not in plumbing}
    traits: dict[str, object] = {}
    binary: dict[str, str] = {}
    for name in sorted(own):
        value = getattr(view, name)
        if isinstance(value, bytes):
            binary[name] = base64.b64encode(value).decode("ascii")
        else:
            traits[name] = value
    # No kernel behind the page, so no lab to pick the speed when the time mode is switched: the view does.
    traits["kernel_picks_speed"] = False
    return {"traits": traits, "bytes": binary}


def _comparison_run(trajectory: Trajectory, comparison: Trajectory, label: str) -> dict[str, object]:
    """The comparison run as a page draws it: its label, the lab's dashed style, and its values for
    the channels the panels draw (not the diagram's others) in the wire format's float32 bytes, as
    base64 as the state holds the run's; its times only where they are not the run's."""
    channels = tuple(dict.fromkeys(c for panel in PANELS for c in panel.channels))
    encoded = encode_trajectory(comparison, channels)
    same_times = encoded["trajectory_time_h"] == encode_trajectory(trajectory, ())["trajectory_time_h"]
    return {
        "label": label,
        "legend_colour": COLOURS["comparison"],
        "dash_array": COMPARISON_LINE["dash_array"],
        "stroke_width": COMPARISON_LINE["stroke_width"],
        "opacity": COMPARISON_LINE["opacity"],
        "channels": list(channels),
        "time_h": None if same_times else base64.b64encode(encoded["trajectory_time_h"]).decode("ascii"),
        "values": base64.b64encode(encoded["trajectory_values"]).decode("ascii"),
    }


def chart_declarations(trajectory: Trajectory, comparison: Trajectory | None = None, comparison_label: str = "") -> dict[str, object]:
    """The lab's time-series panels as a saved page draws ``trajectory`` in them, and ``comparison``
    dashed (the page's ``charts`` part, docs/wire-format.md).

    Every word, colour, axis range and tick comes from the functions that draw the lab's bqplot
    panels (:func:`ketawidget.widget.charts.panel_drawing`). The run's numbers are not here: the page
    takes them from the run in its state; the comparison's are (the ``comparison`` key).

    Parameters
    ----------
    trajectory : Trajectory
        The run the page's diagram holds.
    comparison : Trajectory, optional
        The run the lab overlays dashed (``lab.comparison_trajectory``), if any.
    comparison_label : str
        What the comparison is (``lab.comparison.label``).

    Returns
    -------
    dict
        ``hint`` (:func:`charts_hint`), ``time_label``, ``time_ticks`` and ``log_time_ticks`` (``[hours, label]``),
        ``log_time_floor_h``, ``playhead_colour``, ``layout`` (the lab's panels' height, margins,
        title offsets and text sizes, px: :func:`ketawidget.widget.charts.time_panel_layout`), and
        ``panels``: per panel, top to bottom, its
        ``key``, ``title``, ``y_label`` (with the unit), ``y_range``, ``y_ticks`` (``[value, label]``),
        ``relative_to_rest``, ``value_format`` (the d3 format the lab's hover tooltips write the panel's
        values in), ``lines`` (``channel``, legend ``label``, ``name`` in the lab's hover tooltips,
        ``colour``) and ``summary`` (the run, and the comparison, in words: the chart's accessible
        name); with a comparison also ``comparison`` (its legend entry ``legend`` and its lines'
        ``names``). The y axis' title is also what the tooltips label a value with, so the page's
        readout says what the lab's do. ``comparison``: None, or the comparison run
        (:func:`_comparison_run`).
    """
    end_h = float(trajectory.time_h[-1]) if comparison is None else max(float(trajectory.time_h[-1]), float(comparison.time_h[-1]))
    panels = []
    for panel in PANELS:
        drawing = panel_drawing(panel, trajectory, comparison, comparison_label)
        compared = {} if comparison is None else {"comparison": {"legend": drawing.comparison_legend, "names": drawing.comparison_names}}
        panels.append({
            "key": panel.key,
            "title": panel.title,
            "y_label": drawing.y_label,
            "y_range": [float(f"{end:.12g}") for end in drawing.y_range],  # 0.6, not 0.6000000000000001
            "y_ticks": [[value, tick_text(value, panel.percent)] for value in drawing.y_ticks],
            "relative_to_rest": panel.relative_to_rest,
            "value_format": drawing.value_format,
            "lines": [{"channel": channel, "label": label, "name": name, "colour": colour}
                      for channel, label, name, colour in zip(panel.channels, drawing.line_labels, drawing.hover_names, drawing.colours, strict=True)],
            "summary": drawing.summary,
            **compared,
        })
    return {
        "hint": charts_hint(None if comparison is None else comparison_label),
        "time_label": TIME_AXIS_LABEL,
        "time_ticks": [[t, tick_text(t)] for t in linear_time_ticks(end_h)],
        "log_time_floor_h": LOG_TIME_FLOOR_H,
        "log_time_ticks": [[t, tick_text(t)] for t in log_time_ticks(end_h)],
        "playhead_colour": COLOURS["playhead"],
        "layout": time_panel_layout(),
        "panels": panels,
        "comparison": None if comparison is None else _comparison_run(trajectory, comparison, comparison_label),
    }


def _script_json(data: object) -> str:
    """``data`` as JSON that can stand inside a ``<script>`` element whatever its strings hold.

    ``<``, ``>`` and ``&`` occur in JSON only inside strings, where ``\\u003c`` and the like mean the
    same characters, so no ``</script>`` or ``<!--`` can end the element early.
    """
    text = json.dumps(data, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _raw_text(text: str, tag: str, what: str) -> str:
    """``text`` unchanged, once it is known to stay inside a ``<tag>`` element of the page.

    The widget's module and styles are inlined verbatim (the page runs exactly what the notebook
    runs), so the sequences that would end their element early are refused rather than rewritten.
    """
    ends = [f"</{tag}", *(["<!--"] if tag == "script" else [])]
    lowered = text.lower()  # HTML's tag names are case-blind: </SCRIPT ends the element too
    found = [seq for seq in ends if seq in lowered]
    if found:
        raise ValueError(
            f"{what} contains {' and '.join(repr(s) for s in found)}, which would end its <{tag}> element "
            "in the page early: it cannot be inlined into one HTML file"
        )
    return text


def _read_host() -> str:
    if not _HOST.is_file():
        raise FileNotFoundError(
            f"the standalone page's host {_HOST} is missing; build it with `npm run build` "
            "(or install ketawidget from a wheel, which contains it)"
        )
    return _HOST.read_text(encoding="utf-8")


def _diagram_and_caption(view: object) -> tuple[SynapseView, str, str, dict[str, object] | None]:
    """The diagram to save; for a lab, its caption (the run and its conditions in words, the lab's
    own HTML), which the page shows above the diagram; what the run is, in words, for the title
    and the footer (it names the pre-treatments and species, which the dose alone does not:
    review, the NBQX page's title read as ketamine alone); and the declarations of the lab's
    charts (:func:`chart_declarations`, with its comparison), or None. A diagram alone has no caption and no charts; its words are its ``run_description``,
    the lab's own words for a run of ``kw.simulate``."""
    from .widget.lab import KetamineLab  # the lab imports the diagram's module, as this one does

    if isinstance(view, KetamineLab):
        # The lab's caption whole: the page's charts draw the dashed comparison it tells of.
        diagram = _check_view(view.diagram)
        label = view.comparison.label if view.comparison is not None else ""
        charts = chart_declarations(diagram.trajectory, view.comparison_trajectory, label)
        return diagram, view.caption_html(), view.run_description(), charts
    diagram = _check_view(view)
    return diagram, "", diagram.run_description, None


def _check_view(view: object) -> SynapseView:
    """``view`` if it is a SynapseView with a run: a page with nothing to play would be blank."""
    if not isinstance(view, SynapseView):
        raise TypeError(f"view must be a ketawidget.SynapseView or KetamineLab; got {type(view).__name__}")
    if view.trajectory is None:
        raise ValueError("the view has no run to save: assign view.trajectory = kw.simulate(...) first")
    return view


def _check_title(title: object, description: str) -> str:
    _check_writable("run_description", description)
    if title is None:
        return f"Ketamine at the synapse: {description}" if description else DEFAULT_TITLE
    if not isinstance(title, str):
        raise TypeError(f"title must be a str or None (None: the run in words, or {DEFAULT_TITLE!r}); got {type(title).__name__}")
    if not title.strip():
        raise ValueError(f"title must hold some text, or be None for the default; got {title!r}")
    return _check_writable("title", title)


def _check_writable(name: str, text: str) -> str:
    """``text`` if UTF-8 (the page's encoding) can write it; otherwise a ValueError naming ``name``
    and the character (a lone surrogate, half of a character, made the page fail on writing with
    only a position in the page to go by)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise ValueError(
            f"{name} must be text that UTF-8 can write; got {text!r}, whose character at index {err.start} "
            f"({text[err.start]!r}) cannot be written ({err.reason}: half of a character)"
        ) from None
    return text


def to_html(view: SynapseView | KetamineLab, *, title: str | None = None) -> str:
    """One self-contained HTML page that plays ``view`` in any browser, with no kernel and no internet.

    Parameters
    ----------
    view : SynapseView or KetamineLab
        The diagram, with a run; its current playhead, speed, time mode and playing state are saved.
        For a lab: its diagram, with the lab's caption (the run and its conditions) above it and its
        six time-series panels below (:func:`chart_declarations`), drawn from the run in the page,
        and the lab's comparison run dashed in them, with a playhead that follows the diagram; the
        other charts and the controls need Python and are left out.
    title : str, optional
        The page's title (escaped). By default "Ketamine at the synapse: " and the run in words (its
        dose, pre-treatments and species: the diagram's ``run_description``), or
        :data:`DEFAULT_TITLE` for a run that does not name one.

    Returns
    -------
    str
        The page: the diagram's CSS and ES module verbatim, its state as JSON (a lab's charts'
        declarations too), the host that starts it, and a footer line that says what it is and which
        ketawidget made it. It follows the reader's light or dark setting (:data:`PAGE_THEMES`).

    Raises
    ------
    TypeError
        ``view`` is not a SynapseView or KetamineLab, or ``title`` is not a str or None.
    ValueError
        The view has no run, ``title`` is blank, ``title`` or the run's description holds text
        UTF-8 cannot write (half of a character), or the widget's module or CSS holds a sequence that
        would end its element in the page early.
    FileNotFoundError
        The front end is not built (``npm run build``).
    """
    view, caption, description, declarations = _diagram_and_caption(view)
    with_charts = declarations is not None
    title = _check_title(title, description)
    what = f"from a simulated run ({description})" if description else "from a simulated run"
    charts = " and charts of the run" if with_charts else ""
    footer = (
        f"An interactive diagram of how ketamine acts at a glutamate synapse{charts}, {what}: it plays in this "
        f"page alone, with no Python and no internet. Generated by ketawidget {__version__}."
    )
    chart_parts = [
        f'<section id="{PAGE_IDS["panels"]}" class="ketawidget-page-charts" aria-label="Charts of the run"></section>',
    ] if with_charts else []
    chart_state = [
        f'<script type="application/json" id="{PAGE_IDS["charts"]}">{_script_json(declarations)}</script>',
    ] if with_charts else []
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="color-scheme" content="light dark">',
            f'<meta name="generator" content="ketawidget {html.escape(__version__)}">',
            f"<title>{html.escape(title)}</title>",
            f"<style>{_raw_text(view._css, 'style', 'the widget CSS')}</style>",
            f"<style>{_PAGE_CSS}{_CHART_CSS if with_charts else ''}</style>",
            "</head>",
            "<body>",
            '<main class="ketawidget-page">',
            *([f'<section class="ketawidget-page-caption">{caption}</section>'] if caption else []),
            f'<div id="{PAGE_IDS["diagram"]}"></div>',
            *chart_parts,
            '<noscript><p class="ketawidget-page-error">This diagram needs JavaScript.</p></noscript>',
            f'<p class="ketawidget-page-footer">{html.escape(footer)}</p>',
            "</main>",
            f'<script type="application/json" id="{PAGE_IDS["state"]}">{_script_json(saved_state(view))}</script>',
            *chart_state,
            f'<script type="text/plain" id="{PAGE_IDS["esm"]}">{_raw_text(view._esm, "script", "the widget module")}</script>',
            f'<script type="module">{_raw_text(_read_host(), "script", "the standalone host")}</script>',
            "</body>",
            "</html>",
            "",
        ]
    )


def _check_path(path: object) -> pathlib.Path:
    allowed = "a str or os.PathLike naming the HTML file to write, such as 'ketamine.html'"
    name = os.fspath(path) if isinstance(path, os.PathLike) else path
    if not isinstance(name, str):
        raise TypeError(f"path must be {allowed}; got {type(path).__name__}")
    if not name:
        raise ValueError(f"path must be {allowed}; got ''")
    if "\0" in name:  # the system's own message, "embedded null byte", names neither path nor character
        raise ValueError(f"path must be {allowed}; got {name!r}: no file name may hold a null character ('\\0')")
    target = pathlib.Path(name)
    directory = target.parent
    if not directory.exists():
        raise FileNotFoundError(f"path {name!r}: its directory {str(directory)!r} does not exist (save_html makes no directories)")
    if not directory.is_dir():
        raise NotADirectoryError(f"path {name!r}: {str(directory)!r} is a file, not a directory")
    if target.is_dir():
        raise IsADirectoryError(f"path {name!r} is a directory; name the file to write in it, such as {str(target / 'ketamine.html')!r}")
    return target


def _write_whole(target: pathlib.Path, data: bytes, path: str) -> None:
    """Write ``data`` to ``target`` whole or not at all: into a new file beside it, then renamed over it.

    A failure is an OSError of the same kind naming ``path``, the path as given: the system's names
    the hidden file beside it (``/proc/.x.html.<hex>.tmp``), which the caller never asked for.

    A new page gets the mode any new file gets (0o666 less the umask), not the 0o600 of
    ``tempfile``, so a page uploaded to a web server can be read by it; a page written over an old
    one keeps the old one's mode (a private file stays private). A symbolic link is written through:
    the file it points to gets the page, and the link stays.
    """
    try:
        _write_beside(target, data)
    except OSError as err:
        message = f"path {path!r} cannot be written: {err.strerror or err}; nothing was written"
        raise (OSError(err.errno, message) if err.errno is not None else OSError(message)) from err


def _write_beside(target: pathlib.Path, data: bytes) -> None:
    """:func:`_write_whole`'s writing, with the system's errors."""
    if target.is_symlink():
        target = target.resolve()
    old_mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        if old_mode is not None:
            os.chmod(temporary, old_mode)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def save_html(view: SynapseView | KetamineLab, path: str | os.PathLike[str], *, title: str | None = None) -> pathlib.Path:
    """Write ``view``'s page (:func:`to_html`) to ``path``: what :meth:`SynapseView.save_html` and
    :meth:`KetamineLab.save_html` do.

    Parameters
    ----------
    view : SynapseView or KetamineLab
        The diagram, with a run, or a lab (:func:`to_html`).
    path, title
        As :meth:`SynapseView.save_html` takes them.

    Returns
    -------
    pathlib.Path
        ``path``, written.

    Raises
    ------
    TypeError
        ``path`` is not a str or os.PathLike (a bytes path neither), or as :func:`to_html`.
    ValueError
        ``path`` is empty or holds a null character, or as :func:`to_html`.
    FileNotFoundError, NotADirectoryError, IsADirectoryError
        ``path``'s directory does not exist or is a file, or ``path`` is a directory.
    OSError
        The file cannot be written there (no permission, a read-only or special file system, a full
        disk): the kind the system gave, naming ``path``.

    Notes
    -----
    The page goes to a new file beside ``path``, which is then renamed to ``path``: a failure at any
    point leaves ``path`` as it was and no other file behind.
    """
    target = _check_path(path)
    page = to_html(view, title=title)
    _write_whole(target, page.encode("utf-8"), os.fspath(path))
    return target
