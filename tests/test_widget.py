"""The widgets' Python side: wire format, SynapseView traits, KetamineLab wiring."""

import ipywidgets
import numpy as np
import pytest
import traitlets

import ketawidget as kw
from ketawidget.widget._wire import WIRE_VERSION, decode_trajectory, encode_trajectory
from ketawidget.widget.synapse_view import speed_for_run


@pytest.fixture(scope="module")
def traj():
    return kw.simulate(kw.Infusion(0.5, 40), hours=12)


def test_wire_is_float32_little_endian_channel_major(traj):
    state = encode_trajectory(traj)
    n, k = traj.time_h.size, len(traj.channels)
    assert state["wire_version"] == WIRE_VERSION == 3
    assert isinstance(state["trajectory_values"], bytes)
    assert len(state["trajectory_time_h"]) == 4 * n
    assert len(state["trajectory_values"]) == 4 * n * k
    raw = np.frombuffer(state["trajectory_values"], dtype="<f4")
    second = traj.channels.index("ketamine_brain_uM")
    np.testing.assert_array_equal(raw[second * n : (second + 1) * n], traj["ketamine_brain_uM"].astype("<f4"))
    time_h, channels = decode_trajectory(state)
    np.testing.assert_allclose(time_h, traj.time_h, rtol=1e-6)
    for name in traj.channels:
        np.testing.assert_allclose(channels[name], traj[name], rtol=1e-6, atol=1e-12)
    assert state["trajectory_units"] == [traj.units[c] for c in traj.channels]


def test_times_that_float32_cannot_tell_apart_are_sent_once():
    # Two boluses a fraction of a second apart, 150 h in: float64 keeps their grid points apart,
    # float32 (the wire) does not; the front end refuses times that do not increase.
    dose = kw.Schedule([(0, kw.Infusion()), (150, kw.Bolus(1.0)), (150 + 1e-6, kw.Bolus(1.0))])
    traj = kw.simulate(dose, hours=160)
    assert (np.diff(traj.time_h.astype(np.float32)) <= 0).any(), "the case must collide in float32"
    time_h, channels = decode_trajectory(encode_trajectory(traj))
    assert (np.diff(time_h) > 0).all()
    assert traj.time_h.size - 3 <= time_h.size < traj.time_h.size
    kept = np.searchsorted(traj.time_h.astype(np.float32), time_h)  # the first sample of each time
    for name in traj.channels:
        np.testing.assert_allclose(channels[name], traj[name][kept], rtol=1e-6, atol=1e-12)


def test_synapse_view_sends_binary_trajectory(traj):
    view = kw.SynapseView(traj)
    state = view.get_state()
    assert isinstance(state["trajectory_values"], (bytes, memoryview))
    assert state["trajectory_channels"] == list(traj.channels)
    assert state["wire_version"] == WIRE_VERSION
    assert view.trajectory is traj
    assert view.playing is False and view.time_h == 0.0 and view.speed > 0
    assert "keta" in view._esm and len(view._esm) > 1000, "the real bundle, not a stub"


def test_synapse_view_keeps_playhead_clamped_on_new_trajectory(traj):
    view = kw.SynapseView(traj, time_h=10.0)
    short = kw.simulate(kw.Infusion(0.5, 40), hours=2)
    view.trajectory = short
    assert view.time_h == pytest.approx(2.0)
    assert view.trajectory_time_h == encode_trajectory(short)["trajectory_time_h"]


def test_the_speeds_python_picks_are_on_the_diagrams_menu():
    import pathlib
    import re

    from ketawidget.widget.synapse_view import PLAYBACK_SPEEDS_H_PER_S

    source = (pathlib.Path(__file__).parents[1] / "js" / "controls.ts").read_text()
    menu = re.search(r"export const SPEEDS = \[([^\]]*)\]", source)
    assert menu and tuple(float(v) for v in menu.group(1).split(",")) == PLAYBACK_SPEEDS_H_PER_S


def test_log_time_has_one_knee_for_the_page_and_the_kernel():
    """The lab picks a log-time lesson's speed from the page's log time (js/timescale.ts): one knee."""
    import pathlib
    import re

    from ketawidget.widget.synapse_view import LOG_KNEE_H

    source = (pathlib.Path(__file__).parents[1] / "js" / "timescale.ts").read_text()
    knee = re.search(r"export const LOG_KNEE_H = ([^;]+);", source)
    assert knee and float(knee.group(1)) == LOG_KNEE_H


def test_a_run_plays_in_one_time_for_the_page_and_the_kernel():
    """A view with no lab picks the speed in the page (js/timescale.ts speedForRun), as the lab does
    (speed_for_run): one bound. js/__tests__/timescale.test.ts checks the cases below there."""
    import pathlib
    import re

    from ketawidget.widget.synapse_view import LESSON_PLAYBACK_S

    source = (pathlib.Path(__file__).parents[1] / "js" / "timescale.ts").read_text()
    bound = re.search(r"export const LESSON_PLAYBACK_S = ([^;]+);", source)
    assert bound and float(bound.group(1)) == LESSON_PLAYBACK_S


def test_the_lab_picks_the_speed_and_a_lone_view_or_a_saved_page_leaves_it_to_the_page(traj):
    from ketawidget.export import saved_state

    lab = kw.KetamineLab()
    assert lab.diagram.kernel_picks_speed is True
    assert kw.SynapseView(traj).kernel_picks_speed is False
    assert saved_state(lab.diagram)["traits"]["kernel_picks_speed"] is False, "no kernel behind a saved page"


@pytest.fixture(scope="module")
def week():
    return kw.simulate(kw.Infusion(0.5, 40), hours=168)


def test_a_lone_views_speed_follows_its_run_and_time_mode_until_one_is_given(traj, week):
    """Review: a lone diagram of a week started at a quarter hour a second, 11 minutes to play it."""
    from ketawidget.widget.synapse_view import LESSON_PLAYBACK_S, play_seconds

    view = kw.SynapseView(week)
    assert view.speed == 6.0 and play_seconds(168.0, view.speed) <= LESSON_PLAYBACK_S
    view.log_time = True  # from Python: a week in log time at 6 h/s would be over in 0.9 s
    assert view.speed == 0.1
    view.trajectory = traj  # a later run, in the same time mode
    assert view.speed == speed_for_run(12.0, True)
    view.log_time = False
    assert view.speed == 0.25
    assert kw.SynapseView(log_time=True, trajectory=week).speed == 0.1  # the constructor's time mode
    view.speed = 1.0  # the author's own speed is kept, for later runs and time modes
    view.trajectory = week
    view.log_time = True
    assert view.speed == 1.0
    for given in (0.25, 2.0):  # the default's value too, given
        view = kw.SynapseView(week, speed=given)
        assert view.speed == given
        view.trajectory = traj
        assert view.speed == given, "a speed given to the constructor is kept"


def test_a_speed_chosen_in_the_page_is_kept_and_the_pages_own_pick_followed(traj, week):
    view = kw.SynapseView(week)
    # The page's pick when the reader switches Log time there (kernel_sync.ts pickSpeedFor): one save
    # with the switch; the view still follows its run.
    view.set_state({"log_time": True, "speed": 0.1})
    assert view.speed == 0.1
    view.trajectory = kw.simulate(kw.Infusion(0.5, 40), hours=1440)  # two months, in log time: 0.25 h/s
    assert view.speed == speed_for_run(1440.0, True) == 0.25
    view.set_state({"speed": 2.0})  # the reader's choice, from the menu
    view.trajectory = week
    view.log_time = False
    assert view.speed == 2.0


def test_a_saved_page_starts_at_the_speed_picked_for_its_run(week):
    from ketawidget.export import saved_state

    view = kw.SynapseView(week)
    assert saved_state(view)["traits"]["speed"] == 6.0
    assert '"speed":6.0' in view.to_html()
    view.log_time = True
    assert saved_state(view)["traits"]["speed"] == 0.1


@pytest.mark.parametrize(("hours", "log_time", "speed", "seconds"), [
    (12.0, False, 0.25, 48.0), (168.0, False, 6.0, 28.0), (336.0, False, 6.0, 56.0),
    # In log time the position ln(1 + t / 1 h) moves at speed / 1 h per second (js/timescale.ts advance).
    (48.0, True, 0.1, 10 * np.log(49)), (168.0, True, 0.1, 10 * np.log(169)), (1440.0, True, 0.25, 4 * np.log(1441)),
    (0.5, True, 0.1, 10 * np.log(1.5)),
])
def test_a_runs_speed_plays_it_in_about_a_minute_in_its_time_mode(hours, log_time, speed, seconds):
    from ketawidget.widget.synapse_view import LESSON_PLAYBACK_S, play_seconds, speed_for_run

    assert speed_for_run(hours, log_time) == speed
    assert play_seconds(hours, speed, log_time) == pytest.approx(seconds)
    assert play_seconds(hours, speed, log_time) <= LESSON_PLAYBACK_S


@pytest.mark.parametrize("value", [float("inf"), -float("inf"), np.float64("inf")])
def test_a_time_that_is_not_finite_is_refused_with_or_without_a_run(traj, value):
    """Review: with no run, ``time_h = inf`` was kept (its range ran to infinity), where the page refuses it;
    with a run it stopped at the end, a seek no page could have sent."""
    for view in (kw.SynapseView(), kw.SynapseView(traj)):
        with pytest.raises(kw.ParameterError, match=r"^time_h must be a number of hours from 0( \(.*\))?; got -?inf$"):
            view.time_h = value
        assert view.time_h == 0.0
        with pytest.raises(kw.ParameterError, match=r"^time_h must be a number of hours from 0"):
            view.set_state({"time_h": value})  # from the page
        assert view.time_h == 0.0


def test_the_page_accepts_the_speeds_the_kernel_accepts():
    import pathlib
    import re

    from ketawidget.widget.synapse_view import SPEED_RANGE_H_PER_S

    source = (pathlib.Path(__file__).parents[1] / "js" / "player.ts").read_text()
    low, high = re.search(r"export const SPEED_RANGE_H_PER_S: readonly \[number, number\] = \[([^,\]]+), ([^\]]+)\]", source).groups()
    assert (eval(low, {}), float(high)) == pytest.approx(SPEED_RANGE_H_PER_S, rel=1e-15)  # "1 / 60"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("speed", 0.0, r"speed must be a number from 0.0166667 to 720 h/s; got 0"),
        ("speed", float("nan"), r"speed .* got NaN"),
        ("time_h", -1.0, r"time_h must be a number of hours from 0 \(a time past the run's end, 12 h, stops at the end\); got -1"),
        # Review: a word was refused by traitlets, with neither the range nor the unit.
        ("time_h", "x", r"^time_h must be a number of hours from 0 \(a time past the run's end, 12 h, stops at the end\); got 'x' \(str\)$"),
        ("time_h", None, r"^time_h must be a number of hours from 0 .*; got None \(NoneType\)$"),
        ("speed", "fast", r"^speed must be a number from 0.0166667 to 720 h/s; got 'fast' \(str\)$"),
        ("speed", True, r"^speed must be a number from 0.0166667 to 720 h/s; got True \(bool\)$"),
        ("playing", "x", r"^playing must be True or False; got 'x' \(str\)$"),
        ("playing", 1, r"^playing must be True or False; got 1 \(int\)$"),  # traitlets.Bool took 1 for True
        ("log_time", None, r"^log_time must be True or False; got None \(NoneType\)$"),
    ],
)
def test_synapse_view_rejects_bad_playback_values(traj, name, value, message):
    view = kw.SynapseView(traj)
    sent = []
    view.send = sent.append
    before = {n: getattr(view, n) for n in ("time_h", "playing", "speed", "log_time")}
    with pytest.raises(kw.ParameterError, match=message):
        setattr(view, name, value)
    assert {n: getattr(view, n) for n in before} == before and sent == [], "nothing changed, nothing sent"


@pytest.mark.parametrize(
    ("name", "value"),
    [("time_h", "x"), ("time_h", -1.0), ("time_h", float("inf")), ("speed", "fast"), ("speed", 0.0), ("playing", "x"), ("playing", 1),
     ("log_time", None), ("log_time", 1.0)],
)
def test_the_diagram_refuses_a_playback_value_as_the_lab_does(name, value):
    lab = kw.KetamineLab()
    refusals = []
    for owner in (lab.diagram, lab):  # the diagram alone, and the lab (linked to it)
        with pytest.raises(kw.ParameterError) as refused:
            setattr(owner, name, value)
        refusals.append(str(refused.value))
        assert getattr(lab, name) == getattr(lab.diagram, name) == getattr(kw.KetamineLab(), name)
    assert refusals[0] == refusals[1], "one check, one message"


def test_the_run_sent_to_the_browser_is_set_with_the_trajectory_only(traj):
    view = kw.SynapseView(traj)
    state = view.get_state()
    for name, value in [("trajectory_values", b"\0\0\0\0"), ("trajectory_channels", ["x"]), ("wire_version", 1), ("microscope_values", "x")]:
        # Like the lab's outputs (lab.trajectory): changed through the input, never assigned.
        with pytest.raises(AttributeError, match=rf"^view.{name} is part of the run sent to the browser .*: assign view.trajectory = kw.simulate"):
            setattr(view, name, value)
    assert view.get_state() == state, "nothing changed"
    short = kw.simulate(kw.Infusion(0.5, 40), hours=2)
    view.trajectory = short  # the way to change them
    assert view.trajectory_time_h == encode_trajectory(short)["trajectory_time_h"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"foo": 1}, r"SynapseView\(\) got unknown argument\(s\) 'foo'. Valid: trajectory, time_h, playing, speed, log_time, run_description, run_conditions, layout, tabbable, tooltip\.$"),
        ({"sped": 2.0}, r"unknown argument\(s\) 'sped'. Did you mean 'speed'\?"),
        ({"time": 1.0, "play": True}, r"'play', 'time'. Did you mean 'playing' for 'play'\? Did you mean 'time_h' or 'log_time' for 'time'\?"),
    ],
)
def test_synapse_view_refuses_unknown_keywords(traj, kwargs, message):
    with pytest.raises(TypeError, match=message):
        kw.SynapseView(traj, **kwargs)


def test_synapse_view_takes_the_widget_options_an_author_passes(traj):
    view = kw.SynapseView(traj, layout={"width": "400px"}, tooltip="the synapse")
    assert view.layout.width == "400px" and view.tooltip == "the synapse"


def test_synapse_view_log_time_is_a_synced_bool(traj):
    # The diagram's time mode, which the front end follows and sets (docs/wire-format.md), so that the
    # lab can link its own log_time to it.
    view = kw.SynapseView(traj)
    assert view.log_time is False
    assert view.trait_metadata("log_time", "sync") is True
    assert view.get_state()["log_time"] is False
    view.log_time = True
    assert view.get_state()["log_time"] is True
    assert kw.SynapseView(traj, log_time=True).log_time is True
    for bad in ("yes", None, 2, 1.0):
        with pytest.raises(traitlets.TraitError, match="log_time"):
            view.log_time = bad
        assert view.log_time is True
    view.set_state({"log_time": False})  # what the browser sends when the toggle is pressed
    assert view.log_time is False


# ---- what the run is: run_description and run_conditions (docs/wire-format.md, version 3) ----------


def _hand_made(description: str = "", params: dict | None = None) -> kw.Trajectory:
    return kw.Trajectory(np.array([0.0, 1.0]), {"glutamate_rel": np.array([1.0, 1.2])}, {"glutamate_rel": "1"},
                         description=description, params=params)


def test_a_view_of_a_simulated_run_says_what_the_run_is_in_the_labs_words(monkeypatch):
    params = kw.Params(nbqx=True)
    view = kw.SynapseView(kw.simulate(kw.Infusion(0.5, 40), params, hours=2))
    assert view.run_description == "0.5 mg/kg IV over 40 min with NBQX"
    assert view.run_conditions == ["nbqx"]
    state = view.get_state()
    assert (state["run_description"], state["run_conditions"]) == ("0.5 mg/kg IV over 40 min with NBQX", ["nbqx"])
    assert state["wire_version"] == 3
    # Every yes/no parameter is a condition, by its Params name; the species joins the words only.
    stressed = kw.simulate(kw.Bolus(10, "ip"), kw.Params(species="mouse", chronic_stress=True, rapamycin=True), hours=1)
    view.trajectory = stressed
    assert view.run_description == "10 mg/kg i.p. injection with rapamycin, after chronic stress (mouse)"
    assert view.run_conditions == ["chronic_stress", "rapamycin"]
    assert kw.model.parameters.CONDITIONS == ("anisomycin", "bdnf_knockout", "chronic_stress", "nbqx", "nifedipine", "rapamycin")
    # A new run says what it is, in the same message as its numbers: ketamine alone names nothing.
    sent = []
    monkeypatch.setattr(ipywidgets.Widget, "_send", lambda widget, msg, buffers=None: sent.append(msg))
    view.trajectory = kw.simulate(kw.Infusion(0.5, 40), hours=2)
    assert (view.run_description, view.run_conditions) == ("0.5 mg/kg IV over 40 min", [])
    # The bytes go as the message's buffers, the rest in its state.
    updates = [{*m["state"], *(path[0] for path in m.get("buffer_paths", []))} for m in sent if m.get("method") == "update"]
    assert len(updates) == 1 and {"trajectory_values", "run_description", "run_conditions"} <= updates[0]


def test_a_view_of_a_hand_made_run_names_no_conditions_as_before():
    view = kw.SynapseView(_hand_made())
    assert (view.run_description, view.run_conditions) == ("", [])
    assert (kw.SynapseView().run_description, kw.SynapseView().run_conditions) == ("", [])
    assert kw.SynapseView().run_conditions is not kw.SynapseView().run_conditions, "one list per view"
    # Its own words are kept; parameters it records are read as simulate's are.
    assert kw.SynapseView(_hand_made("my own run")).run_description == "my own run"
    partial = kw.SynapseView(_hand_made("2 mg/kg IV bolus", {"nbqx": True}))
    assert (partial.run_description, partial.run_conditions) == ("2 mg/kg IV bolus with NBQX", ["nbqx"])
    # ... and what an author says of it, set as keywords or attributes, is checked the same way.
    labelled = kw.SynapseView(_hand_made(), run_description="rat, NBQX i.c.v.", run_conditions=["nbqx"])
    assert (labelled.run_description, labelled.run_conditions) == ("rat, NBQX i.c.v.", ["nbqx"])


def test_a_run_whose_params_are_not_params_values_is_refused_and_the_view_keeps_its_run(traj):
    view = kw.SynapseView(traj)
    state = view.get_state()
    with pytest.raises(kw.ParameterError, match=r"^trajectory.params must be Params values, as ketawidget.simulate records them: .*nbqx"):
        view.trajectory = _hand_made("x", {"nbqx": "yes"})
    assert view.trajectory is traj and view.get_state() == state


@pytest.mark.parametrize("late", ["microscope_units", "run_conditions"])
def test_a_run_refused_halfway_through_leaves_the_view_as_it_was(traj, monkeypatch, late):
    """Review: a run whose channel names were numbers got as far as the bytes traits before a
    TraitError, leaving view.trajectory and the values new and the channels old. Whatever is
    refused, however late in the message, nothing changes and nothing is sent."""
    import ketawidget.widget.synapse_view as synapse_view

    view = kw.SynapseView(traj, time_h=3.0)
    state = view.get_state()
    sent = []
    view.send = sent.append
    view.send_state = lambda key=None: sent.append(key)
    if late == "microscope_units":  # the last of the run's traits
        real = synapse_view.encode_microscope
        monkeypatch.setattr(synapse_view, "encode_microscope", lambda *a: {**real(*a), "microscope_units": [7]})
    else:  # the label, set after the run's traits
        monkeypatch.setattr(synapse_view, "run_label", lambda trajectory: ("", [7]))
    with pytest.raises(traitlets.TraitError):
        view.trajectory = kw.simulate(kw.Bolus(2.0), hours=2)
    assert view.trajectory is traj and view.get_state() == state and sent == []


def test_a_hand_made_run_needs_str_names_and_units_and_mappings():
    """Review: ``Trajectory([0, 1, 2], {5: [1, 2, 3]}, {5: 'u'})`` was taken, and a list of values
    failed with "'list' object has no attribute 'items'"."""
    time = [0.0, 1.0, 2.0]
    for values, units, message in [
        ({5: [1, 2, 3]}, {5: "u"}, r"^channel names must be str; got 5 \(int\)$"),
        ({"a": [1, 2, 3]}, {"a": 7}, r"^units\['a'\] must be a str; got 7 \(int\)$"),
        ([1, 2, 3], {}, r"^values must be a mapping of channel name to values, e.g. .*; got list$"),
        ({"a": [1, 2, 3]}, ["u"], r"^units must be a mapping of channel name to unit, .*; got list$"),
    ]:
        with pytest.raises(kw.ParameterError, match=message):
            kw.Trajectory(time, values, units)
    with pytest.raises(kw.ParameterError, match=r"^description must be a str; got 3 \(int\)$"):
        kw.Trajectory(time, {}, {}, description=3)
    with pytest.raises(kw.ParameterError, match=r"^params must be a mapping of parameter name to value"):
        kw.Trajectory(time, {}, {}, params=[("mg_mM", 1.0)])


def test_a_runs_attributes_are_read_only(traj):
    """Review: ``traj.time_h = np.zeros(3)`` went around the checks the constructor makes."""
    run = kw.simulate(kw.Infusion(0.5, 40), hours=1)
    for name, value in [("time_h", np.zeros(3)), ("channels", ("x",)), ("units", {}), ("description", "x"), ("params", {})]:
        with pytest.raises(AttributeError, match=rf"^Trajectory.{name} is read-only: .*make a new Trajectory"):
            setattr(run, name, value)
    with pytest.raises(AttributeError, match="read-only"):
        del run.time_h
    with pytest.raises(TypeError):
        run.units["glutamate_rel"] = "mM"
    with pytest.raises(TypeError):
        run.params["nbqx"] = True
    syn = kw.simulate_synapse(duration_ms=5)
    with pytest.raises(AttributeError, match=r"^SynapseTrajectory.time_ms is read-only"):
        syn.time_ms = np.zeros(3)
    import pickle

    again = pickle.loads(pickle.dumps(run))  # still a plain object to save and load
    assert again.units == run.units and np.array_equal(again.time_h, run.time_h)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["nbqx", "lithium"], r"got 'lithium' in \['nbqx', 'lithium'\]$"),
        (["NBQX"], r"got 'NBQX' in \['NBQX'\]$"),
        (["nbqx", "nbqx"], r"got nbqx more than once in \['nbqx', 'nbqx'\]$"),
        ("nbqx", r"got 'nbqx' \(str\)$"),
        ([1], r"got 1 in \[1\]$"),
        (None, r"got None \(NoneType\)$"),
        ({"nbqx": True}, r"got \{'nbqx': True\} \(dict\)$"),
    ],
)
def test_an_unknown_condition_is_refused_naming_the_trait_and_the_allowed_ids(traj, value, message):
    view = kw.SynapseView(kw.simulate(kw.Infusion(0.5, 40), kw.Params(chronic_stress=True), hours=2))
    allowed = (r"^run_conditions must be a list of condition ids, each one of anisomycin, bdnf_knockout, "
               r"chronic_stress, nbqx, nifedipine, rapamycin \(the yes/no Params\), at most once; ")
    with pytest.raises(kw.ParameterError, match=allowed + message):
        view.run_conditions = value
    assert view.run_conditions == ["chronic_stress"], "nothing changed"
    with pytest.raises(kw.ParameterError, match=allowed):
        kw.SynapseView(traj, run_conditions=value)


def test_conditions_are_kept_in_one_order_and_a_description_must_be_text(traj):
    view = kw.SynapseView(traj)
    view.run_conditions = ("rapamycin", "nbqx")
    assert view.run_conditions == ["nbqx", "rapamycin"]
    view.run_description = "0.5 mg/kg IV over 40 min with NBQX, rapamycin"
    for bad in (5, None, b"bytes", ["x"]):
        with pytest.raises(kw.ParameterError, match=r"^run_description must be a str \(the run in words, or '' for none\); got "):
            view.run_description = bad
    assert view.run_description == "0.5 mg/kg IV over 40 min with NBQX, rapamycin"


@pytest.mark.parametrize("condition", ["nbqx", "rapamycin", "anisomycin", "bdnf_knockout", "nifedipine", "chronic_stress"])
def test_the_lab_tells_its_diagram_each_condition_it_runs(condition):
    lab = kw.KetamineLab(hours=1)
    assert (lab.diagram.run_description, lab.diagram.run_conditions) == ("0.5 mg/kg IV over 40 min", [])
    setattr(lab.params, condition, True)
    assert lab.diagram.run_conditions == [condition]
    assert lab.diagram.run_description == lab.run_description() != "0.5 mg/kg IV over 40 min"
    setattr(lab.params, condition, False)
    assert (lab.diagram.run_description, lab.diagram.run_conditions) == ("0.5 mg/kg IV over 40 min", [])


def test_the_labs_diagram_says_what_the_lab_says_whenever_it_re_simulates():
    lab = kw.KetamineLab(hours=1)
    lab.params.nbqx = True
    assert lab.diagram.run_conditions == ["nbqx"]
    assert lab.diagram.run_description == lab.run_description() == "0.5 mg/kg IV over 40 min with NBQX"
    lab.dose = kw.Bolus(2.0)  # a new dose keeps the pre-treatment
    assert (lab.diagram.run_description, lab.diagram.run_conditions) == ("2 mg/kg IV bolus with NBQX", ["nbqx"])
    lab.params = kw.Params(species="rat", chronic_stress=True, mg_mM=0.5)
    assert lab.diagram.run_conditions == ["chronic_stress"]
    assert lab.diagram.run_description == lab.run_description() == "2 mg/kg IV bolus in 0.5 mM Mg²⁺, after chronic stress (rat)"
    lab.load_preset("nbqx")
    assert lab.diagram.run_conditions == ["nbqx"] and lab.diagram.run_description == lab.run_description()
    lab.reset()
    assert (lab.diagram.run_description, lab.diagram.run_conditions) == (lab.run_description(), [])


def test_synapse_view_rejects_non_trajectory():
    view = kw.SynapseView()
    with pytest.raises(TypeError, match="Trajectory"):
        view.trajectory = {"time_h": [0, 1]}


#: What the refusal of a microscope run says: what it got, and what to pass instead.
MICROSCOPE_RUN_REFUSED = r"must be a slow trajectory \(hours, from ketawidget.simulate\); got a synapse-microscope run.*Pass the run of kw.simulate"


def test_synapse_view_refuses_a_microscope_run_saying_what_to_pass(traj):
    """A microscope run is a Trajectory too, but in ms: it used to fail with AttributeError 'time_h'."""
    run = kw.simulate_synapse()
    with pytest.raises(kw.ParameterError, match="trajectory " + MICROSCOPE_RUN_REFUSED):
        kw.SynapseView(run)
    view = kw.SynapseView(traj)
    before = view.trajectory_values
    with pytest.raises(kw.ParameterError, match=MICROSCOPE_RUN_REFUSED):
        view.trajectory = run
    assert view.trajectory is traj and view.trajectory_values == before


def test_time_series_charts_refuse_a_microscope_run(traj):
    from ketawidget.widget import TimeSeriesCharts

    run = kw.simulate_synapse()
    with pytest.raises(kw.ParameterError, match="trajectory " + MICROSCOPE_RUN_REFUSED):
        TimeSeriesCharts(run)
    charts = TimeSeriesCharts(traj)
    with pytest.raises(kw.ParameterError, match="trajectory " + MICROSCOPE_RUN_REFUSED):
        charts.show(run)
    with pytest.raises(kw.ParameterError, match="comparison " + MICROSCOPE_RUN_REFUSED):
        charts.show(traj, run, "microscope")
    assert charts.trajectory is traj and charts.comparison is None


def chart_y(lab, channel):
    return lab.timeseries.series(channel)


def test_lab_default_run_feeds_chart_and_diagram():
    lab = kw.KetamineLab()
    assert isinstance(lab.diagram, kw.SynapseView)
    assert lab.trajectory.description == "0.5 mg/kg IV over 40 min"
    # The chart sends float32: equal to the run at float32 precision.
    np.testing.assert_allclose(chart_y(lab, "ketamine_brain_uM"), lab.trajectory["ketamine_brain_uM"], rtol=1e-6)
    assert lab.diagram.trajectory is lab.trajectory
    assert lab.dose_slider.value == 0.5
    # Six stacked time-series panels, the dose-response chart and the experiment chart.
    assert len(lab.charts) == 8


def test_lab_dose_change_resimulates_chart_and_diagram():
    lab = kw.KetamineLab()
    before_chart = chart_y(lab, "ketamine_brain_uM").max()
    before_wire = lab.diagram.trajectory_values
    lab.dose = kw.Infusion(dose_mg_per_kg=2.0, minutes=40)
    assert chart_y(lab, "ketamine_brain_uM").max() == pytest.approx(4 * before_chart, rel=1e-6)
    assert lab.diagram.trajectory_values != before_wire
    assert lab.dose_slider.value == 2.0
    assert "2 mg/kg" in lab.caption.value


def test_lab_slider_sets_dose():
    lab = kw.KetamineLab()
    lab.dose_slider.value = 1.0
    assert lab.dose == kw.Infusion(1.0, 40.0)
    assert lab.trajectory["ketamine_plasma_uM"].max() == pytest.approx(
        2 * kw.simulate(kw.Infusion(0.5, 40), hours=12)["ketamine_plasma_uM"].max(), rel=1e-9
    )


def test_lab_param_change_resimulates():
    lab = kw.KetamineLab()
    block_before = lab.trajectory["nmda_block_pyramidal"].max()
    lab.params.mg_mM = 0.1
    assert lab.trajectory["nmda_block_pyramidal"].max() > 2 * block_before
    replaced = kw.Params(mg_mM=2.0)
    lab.params = replaced
    assert lab.trajectory.params["mg_mM"] == 2.0


def test_lab_playhead_links_both_ways_and_moves_chart_line():
    lab = kw.KetamineLab()
    lab.time_h = 1.5
    assert lab.diagram.time_h == 1.5
    for panel in lab.timeseries.panels.values():  # every stacked panel draws the playhead
        assert list(panel.playhead.x) == [1.5, 1.5]
    lab.diagram.time_h = 2.5  # as if the browser moved it
    assert lab.time_h == 2.5
    for panel in lab.timeseries.panels.values():
        assert list(panel.playhead.x) == [2.5, 2.5]
    lab.playing = True
    assert lab.diagram.playing is True
    lab.diagram.speed = 2.0
    assert lab.speed == 2.0


def test_lab_rejects_bad_dose_and_keeps_state():
    lab = kw.KetamineLab()
    before = lab.trajectory
    with pytest.raises(traitlets.TraitError, match="dose must be an Infusion"):
        lab.dose = "2 mg/kg"
    assert lab.trajectory is before
    with pytest.raises(traitlets.TraitError, match="mg_mM"):
        lab.params.mg_mM = -3
    assert lab.trajectory is before


def test_python_side_playback_changes_are_sent_as_messages_but_browser_updates_are_not(traj):
    view = kw.SynapseView(traj)
    sent = []
    view.send = sent.append  # the comm's outgoing custom messages
    view.playing = True
    view.time_h = 0.5
    assert sent == [{"type": "play", "playing": True}, {"type": "seek", "time_h": 0.5, "playing": True}]
    view.set_state({"time_h": 0.75, "playing": False})  # what ipywidgets calls for a browser update
    assert (view.time_h, view.playing) == (0.75, False)
    assert len(sent) == 2, "the browser's own updates are not echoed as commands"


def test_lab_keeps_a_dose_the_slider_cannot_show_as_it_is():
    lab = kw.KetamineLab()
    lab.dose = kw.Bolus(dose_mg_per_kg=2.0, route="iv")
    assert lab.dose == kw.Bolus(2.0, "iv"), "setting the slider must not rewrite the dose"
    assert lab.dose_unit.value == "Amount in mg/kg body weight, given as an IV bolus"
    lab.dose = kw.Infusion(5.0, 40)
    assert lab.dose == kw.Infusion(5.0, 40)
    assert lab.dose_slider.value == 5.0
    lab.dose_slider.value = 1.0  # the student moves the slider: same kind of dose, new amount
    assert lab.dose == kw.Infusion(1.0, 40)
    lab.dose = kw.Bolus(2.0)
    lab.dose_slider.value = 0.5
    assert lab.dose == kw.Bolus(0.5, "iv")


@pytest.mark.parametrize(("name", "value"), [("speed", -1.0), ("time_h", float("nan"))])
def test_lab_rejects_bad_playback_values_on_both_sides(name, value):
    lab = kw.KetamineLab()
    before = getattr(lab, name)
    with pytest.raises(traitlets.TraitError, match=name):
        setattr(lab, name, value)
    assert getattr(lab, name) == before
    assert getattr(lab.diagram, name) == before


def test_a_value_the_kernel_refuses_from_the_page_goes_back_and_spares_the_rest(traj):
    """Review: a jslinked slider at speed 1000 h/s was refused in the kernel while the page kept
    playing at 1000, and the time_h sent with a refused speed was dropped too."""
    view = kw.SynapseView(traj)
    sent_back = []
    view.send_state = lambda key=None: sent_back.append(key)
    with pytest.raises(kw.ParameterError, match=r"speed must be a number from 0.0166667 to 720 h/s; got 1000"):
        view.set_state({"speed": 1000.0, "time_h": 1.5})
    assert view.speed == 0.25 and view.time_h == 1.5
    assert sent_back == [["speed"]]
    view.set_state({"speed": 2.0})  # a good value is taken as before, nothing sent back
    assert view.speed == 2.0 and sent_back == [["speed"]]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("wire_version", 99),
        ("trajectory_values", b"abc"),
        ("trajectory_channels", ["x"]),
        ("microscope_values", b""),
        ("run_description", "a run the kernel never made"),
        ("run_conditions", ["nbqx"]),
    ],
)
def test_the_page_cannot_set_the_run_and_gets_the_kernels_back(traj, name, value):
    """Review: these were taken from the "browser" silently, and the lab then wrote a broken page.
    Refused, naming the trait; the rest of the message applies and the kernel's value goes back."""
    lab = kw.KetamineLab(hours=12)
    view = lab.diagram
    state = view.get_state()
    page = lab.to_html()
    sent_back = []
    view.send_state = lambda key=None: sent_back.append(key)
    refusal = rf"^{name} is set by the kernel with each run \(docs/wire-format.md\), not by the page; refused, and the kernel's value sent back$"
    with pytest.raises(kw.ParameterError, match=refusal):
        view.set_state({name: value})
    assert view.get_state() == state and sent_back == [[name]] and lab.to_html() == page
    with pytest.raises(kw.ParameterError, match=refusal):
        view.set_state({name: value, "time_h": 1.5})
    assert view.time_h == 1.5 and sent_back == [[name], [name]]
    assert view.get_state() == {**state, "time_h": 1.5}
