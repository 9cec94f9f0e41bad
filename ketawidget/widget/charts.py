"""bqplot charts of a trajectory, with a playhead line that follows the diagram.

One figure for now: drug levels (uM, left axis) and NMDA block fractions (right axis, 0-1) against
time. Axis labels carry units; colours match the diagram's (Okabe-Ito, colour-blind safe).
"""

from __future__ import annotations

import bqplot
import numpy as np

from ..model.trajectory import Trajectory

__all__ = ["DrugAndBlockChart", "COLOURS"]

#: Okabe-Ito palette, shared in spirit with js/widget.css (ketamine purple, block vermillion/blue).
COLOURS = {
    "ketamine_plasma_uM": "#CC79A7",
    "ketamine_brain_uM": "#882255",
    "nmda_block_interneuron": "#D55E00",
    "nmda_block_pyramidal": "#0072B2",
    "playhead": "#555555",
}
_LABELS = {
    "ketamine_plasma_uM": "plasma ketamine",
    "ketamine_brain_uM": "brain ketamine (free)",
    "nmda_block_interneuron": "NMDA block, interneurons",
    "nmda_block_pyramidal": "NMDA block, pyramidal cells",
}
_CONCENTRATIONS = ("ketamine_plasma_uM", "ketamine_brain_uM")
_BLOCKS = ("nmda_block_interneuron", "nmda_block_pyramidal")
_HEADROOM = 1.6
_MIN_CONC_AXIS_UM = 0.1


class DrugAndBlockChart:
    """Ketamine levels and NMDA block against time, with a movable playhead.

    Parameters
    ----------
    trajectory : Trajectory
        The run to draw.

    Attributes
    ----------
    figure : bqplot.Figure
        The widget to display.
    lines : dict of str -> bqplot.Lines
        One mark per channel.
    playhead : bqplot.Lines
        The vertical line at the current time.
    """

    def __init__(self, trajectory: Trajectory) -> None:
        self.x_scale = bqplot.LinearScale()
        self.conc_scale = bqplot.LinearScale(min=0.0)
        self.fraction_scale = bqplot.LinearScale(min=0.0, max=1.0)
        self.lines: dict[str, bqplot.Lines] = {}
        for name in _CONCENTRATIONS + _BLOCKS:
            scale = self.conc_scale if name in _CONCENTRATIONS else self.fraction_scale
            self.lines[name] = bqplot.Lines(
                x=np.zeros(1),
                y=np.zeros(1),
                scales={"x": self.x_scale, "y": scale},
                colors=[COLOURS[name]],
                labels=[_LABELS[name]],
                display_legend=True,
                stroke_width=2.5,
                line_style="dashed" if name == "ketamine_plasma_uM" else "solid",
            )
        self.playhead = bqplot.Lines(
            x=[0.0, 0.0],
            y=[0.0, 1.0],
            scales={"x": self.x_scale, "y": self.fraction_scale},
            colors=[COLOURS["playhead"]],
            stroke_width=1.5,
        )
        axes = [
            bqplot.Axis(scale=self.x_scale, label="time (h)", grid_lines="none"),
            bqplot.Axis(scale=self.conc_scale, side="left", label="ketamine (µM)", grid_lines="dashed", label_offset="40px"),
            bqplot.Axis(
                scale=self.fraction_scale,
                side="right",
                label="NMDA current blocked",
                grid_lines="none",
                tick_format=".0%",
                label_offset="48px",
            ),
        ]
        self.figure = bqplot.Figure(
            marks=[*self.lines.values(), self.playhead],
            axes=axes,
            title="Ketamine and NMDA receptor block",
            legend_location="top-right",
            fig_margin={"top": 50, "bottom": 50, "left": 65, "right": 75},
            layout={"width": "100%", "min_width": "320px", "height": "360px"},
        )
        self.show(trajectory)

    def show(self, trajectory: Trajectory) -> None:
        """Replace the data with ``trajectory``'s (one message per mark)."""
        time_h = trajectory.time_h
        for name, line in self.lines.items():
            with line.hold_sync():
                line.x = time_h
                line.y = trajectory[name]
        self.x_scale.min = float(time_h[0])
        self.x_scale.max = float(time_h[-1])
        # Headroom above the highest concentration keeps the legend (top right) clear of the peak;
        # the floor keeps a no-drug run from stretching round-off to full height.
        peak = max(float(np.max(trajectory[name])) for name in _CONCENTRATIONS)
        self.conc_scale.max = max(peak * _HEADROOM, _MIN_CONC_AXIS_UM)

    def move_playhead(self, time_h: float) -> None:
        """Draw the playhead at ``time_h`` hours."""
        self.playhead.x = [time_h, time_h]
