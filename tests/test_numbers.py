"""The caption's numbers follow the diagram's readout rules (js/format.ts, docs/diagram.md): three
significant digits with trailing zeros, nanomolar below 0.1 µM, never an exponent, never "0" for a trace."""

import pytest

from ketawidget.widget.numbers import concentration_text, percent_text, times_baseline_text


@pytest.mark.parametrize(("uM", "text"), [
    (0.33, "0.330 µM"),  # the readout's own example: trailing zero kept
    (0.39271, "0.393 µM"),
    (0.0423, "42.3 nM"),  # below 0.1 µM in nM, not a row of zeros
    (0.0039, "3.90 nM"),
    (0.09996, "100 nM"),  # rounds up within nM
    (527.68, "528 µM"),
    (1234.0, "1230 µM"),  # no exponent
    (5e-7, "< 0.001 nM"),
    (0.0, "0 µM"),
    (float("nan"), "—"),
])
def test_concentrations(uM, text):
    assert concentration_text(uM) == text


@pytest.mark.parametrize(("fraction", "text"), [
    (0.1834, "18%"), (0.634, "63%"), (0.0685, "6.9%"), (0.042, "4.2%"), (0.04, "4%"),
    (0.0002, "< 0.1%"), (0.0, "0%"),
])
def test_percentages(fraction, text):
    assert percent_text(fraction) == text


@pytest.mark.parametrize(("rel", "text"), [
    (1.5432, "1.54x baseline"), (0.1297, "0.130x baseline"), (0.1, "0.100x baseline"), (13.04, "13.0x baseline"),
    # Review: a mouse caption read "glutamate falls to 0.0529x", a figure to decode; below 0.1x a share of baseline.
    (0.0529, "about 5% of baseline"), (0.0996, "about 10% of baseline"), (0.0123, "about 1% of baseline"),
    (0.003, "about 0.3% of baseline"), (0.00021, "< 0.1% of baseline"), (0.0, "0% of baseline"),
])
def test_levels_relative_to_baseline(rel, text):
    assert times_baseline_text(rel) == text


def test_a_level_relative_to_rest_names_rest():
    assert [times_baseline_text(0.894, "resting"), times_baseline_text(0.0529, "resting")] == ["0.894x resting", "about 5% of resting"]


def test_not_a_number_reads_as_a_dash_and_a_negative_keeps_its_sign():
    assert [concentration_text(float("nan")), percent_text(float("nan")), times_baseline_text(float("nan"))] == ["—"] * 3
    assert concentration_text(-0.5) == "-0.500 µM"
    assert percent_text(-0.0001) == "0%"  # rounds to zero: no "-0%"
    assert percent_text(-0.25) == "-25%"
