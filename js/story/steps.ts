/**
 * The guided story: every step's words, in one plain data file so it can be translated without touching
 * code. A step says which zoom to show, when (a time rule resolved against the trajectory at runtime,
 * e.g. "the peak of BDNF"), which actors to highlight (docs/diagram.md lists the ids), and what to say.
 *
 * Numbers are never written here: a caption names a value with a placeholder that story.ts fills from
 * the trajectory at the step's time, so the words stay true for any dose or species.
 *   {time}          the step's time ("41 min", "1.7 d")
 *   {<channel>}     a slow-trajectory channel at that time, e.g. {ketamine_brain_uM} -> "393 nM",
 *                   {nmda_block_interneuron} -> "18%", {rate_pyramidal_hz} -> "3.97 Hz",
 *                   {glutamate_rel} -> "+37%" (change from the drug-free baseline)
 *   {start:<channel>}      the channel at the start of the run (before the drug acts)
 *   {peak:<channel>}       the channel's largest value in the run
 *   {peak_time:<channel>}  when that largest value is reached, since the start
 * Words that depend on which way the model moved are choices, never fixed, so a caption cannot say
 * "surges" when a dose makes glutamate fall, or "peaks" when the run simply ends first:
 *   {<channel>?up|down|unchanged}  picked by the channel's change at the step's time, from the
 *                                  drug-free baseline for a _rel channel, else from the run's start, e.g. {glutamate_rel?surges|falls|stays at baseline}
 *   {<channel>@end?A|B|C}          A when the channel is still rising at the end of the run (its largest
 *                                  value is the last sample), B when it peaks inside the run, C when it
 *                                  never rises (optional: without it, B)
 *   {<channel>@none?A|B}           A when the channel reads zero all through the run (a drug-free run has
 *                                  no ketamine; a BDNF knockout's bdnf_rel reads -100 % throughout; a channel flat at
 *                                  its baseline, 1, is not none), B otherwise
 *   {<channel>@fallen?A|B}         A when at the step's time the channel has fallen below a tenth of its
 *                                  peak, after it ("has almost left"), B otherwise
 *   {<channel>@slight?A|B}         A when at the step's time the channel has moved from its baseline,
 *                                  but by less than 5 % ("barely rises"), B otherwise (unchanged, or more)
 *   {<channel>@since?up|down|unchanged}  as {<channel>?...}, but the change since the start of the run,
 *                                  also for a _rel channel (a stressed run's spines start at 0.8)
 *   {<channel>@start?up|down|unchanged}  as {<channel>?...}, but where the run starts: above, below or
 *                                  at the drug-free baseline (the healthy level)
 *   {<channel>@peak?up|down|unchanged}   as {<channel>?...}, but of the channel's largest value in the
 *                                  run (a stressed dendrite that regrows past the healthy level)
 *   {<channel>@zero?A|B}           A when at the step's time the channel reads zero as the caption writes
 *                                  it (brain ketamine "0 µM" a week after a mouse's dose), B otherwise
 *   {<channel>@past?A|B}           A when at the step's time the channel has come down from its peak (it
 *                                  is after the peak and reads lower: a stressed dendrite's spines, +16 %
 *                                  at 2 d 8 h and −2 % at 7 d), B otherwise (at its peak, before it, or
 *                                  still rising)
 * "Unchanged" is what the caption shows: a change that the number beside it writes as "±0%" is none,
 * and one it writes as "+0.4%" is one ("barely rises", never "does not rise").
 * Words that depend on what the run was given besides its dose (a pre-treatment, chronic stress) are
 * read from the wire's run_conditions (ids of js/conditions.ts: exactly the yes/no Params names), never
 * guessed from the numbers, so a caption can name the blocker that a number only hints at:
 *   {if:<condition>?A|B}           A when the run was given the condition ({if:nbqx?...}), B otherwise
 *                                  (optional: without it, nothing); a run that names no conditions (a
 *                                  trajectory made by hand) reads B. {if:nbqx,nifedipine?A|B}: A when
 *                                  it was given any of them. Say only what the model does with it
 *                                  (docs/model.md, "Blockers"): a pre-treatment removes most of the
 *                                  drug's change at its own step (95 % of it: AMPA activation for NBQX,
 *                                  the extra L-type Ca2+ entry for nifedipine, mTORC1 for rapamycin, the
 *                                  making of BDNF and of synaptic proteins for anisomycin) and leaves
 *                                  the drug-free level alone; what is left is a trace after the human
 *                                  infusion but more at rodent doses (mouse 10 mg/kg i.p.: nifedipine
 *                                  leaves +9 % spines at 24 h against +38 %), so say "most", not "all
 *                                  but a trace". The knockout has no BDNF at all, chronic stress starts
 *                                  the spines low. The pre-treatments are rodent experiments: a human
 *                                  run names them as given "as in the rodent experiments" (GIVEN).
 * Words that depend on the run's species (the wire's run_description names a rodent at its end,
 * "(mouse)" or "(rat)": speciesNamed in js/wire.ts):
 *   {species:<species>?A|B}        A when the run is of that species ("mouse", "rat", or "rodent" for
 *                                  either), B otherwise, also for a run whose description names none (a
 *                                  human run, or one made by hand). For what the model gets wrong in
 *                                  rodents (docs/model.md), never for the mechanism itself.
 * Alternatives may hold values and other choices: {ketamine_brain_uM@none?no drug|{time}: {ketamine_brain_uM}}.
 * The science follows the causal chain in docs/science-checks.md (steps 1-9).
 */

import { type ActorId } from "../actors";

export type StoryZoom = "circuit" | "synapse";

/**
 * When a step happens: the start of the run, a fixed time, or the moment a channel peaks.
 * - "hours" with `afterLastRise`: the later of `hours` into the run and `afterLastRise.hours` after
 *   `afterLastRise.channel` last starts to rise (brain ketamine: the last dose of a course), so a
 *   step about the drug having gone does not land between two doses.
 * - "peak" with `dipBelow`: the channel's trough instead, when it falls below `dipBelow` (in its own
 *   units: 0.9 is 10 % under the baseline of a _rel channel) before it peaks, or only falls; with
 *   `ifFlat`: the peak of that channel instead, when this one never rises (a BDNF knockout's BDNF);
 *   with `flatHours`: that long into the run (clamped) when this one never rises (nor `ifFlat`'s), not
 *   its "peak", which for a flat channel is the run's start, before the steps it follows.
 * "Never rises" is as the caption shows it: its largest value reads as the run's start (shapeOfRun).
 * Peaks and troughs are the first of equal values (see TIE_TOLERANCE in story.ts).
 */
export type StoryTime =
  | { kind: "start" }
  | { kind: "hours"; hours: number; afterLastRise?: { channel: string; hours: number } }
  | { kind: "end" }
  | { kind: "peak"; channel: string; fallbackHours: number; dipBelow?: number; ifFlat?: string; flatHours?: number };

export interface StoryStep {
  id: string;
  title: string;
  text: string;
  zoom: StoryZoom;
  time: StoryTime;
  /** Actor ids (data-actor, js/actors.ts) to highlight; every other actor is dimmed. */
  actors: ActorId[];
}

/** Said beside the spines' numbers: no one has counted spines in a patient, so the gain's size comes from rodents. */
const RODENT_COUNTS = " (the size of this gain is set from rodent spine counts)";
/**
 * A run whose spines start below the drug-free baseline (chronic stress): its spine numbers are read
 * against that baseline, the healthy level, and against where the run started.
 */
const LOST_SPINES = "a dendrite that had lost spines{if:chronic_stress? to chronic stress|}";
const STARTED_LOW = "which started this run at {start:spine_density_rel} from the healthy level";
const STRESSED_START = STARTED_LOW + " (" + LOST_SPINES + ")";
/**
 * Said where a stressed dendrite regrows past the healthy level: the model's overshoot, not a finding
 * (docs/model.md, "Chronic stress").
 */
const OVERSHOOT = "the overshoot past the healthy level is this model's; in mice the lost spines were restored, " +
  "Moda-Sava et al. 2019";
/** Said beside a stressed dendrite's regrowth: the overshoot where its peak passes the healthy level, and where the size comes from. */
const REGROWTH_NOTE = "{spine_density_rel@peak? (" + OVERSHOOT + "; the size of the regrowth is set from rodent " +
  "spine counts)|" + RODENT_COUNTS + "}";
/**
 * How a caption names a pre-treatment the run was given: the experiments gave each one before ketamine,
 * to rodents (in patients, rapamycin before ketamine did not block its effect: Abdallah et al. 2020).
 */
const GIVEN = "given before ketamine in this run, as in the rodent experiments";
/** The pre-treatments that block a step of the cascade, for {if:...?}: any of them. */
const BLOCKERS = "nbqx,rapamycin,anisomycin,nifedipine";
/**
 * Why a run's spines never grew, a whole run long: no BDNF (the knockout), a blocker, or a run too short
 * for them. A stressed dendrite that stays where it started says the same.
 */
const NO_GROWTH = "{bdnf_rel@none?with no BDNF in this run, nothing sets off new spines|{if:" + BLOCKERS + "?the " +
  "pre-treatment blocks the growth|new spines take longer to grow than this run lasts}}";
/** A run that starts at the healthy level and whose spines grew less than 5 % by the drug's end. */
const SLIGHT_GAIN = "and spine density is only slightly up ({spine_density_rel} from baseline{spine_density_rel@end?, " +
  "and still rising|}): little growth was set off, so little is left to carry the effect once the drug is gone";
/** Where a run that starts at the healthy level grows spines: at its end, at its peak, or not at all. */
const SPINES_PEAK = "{spine_density_rel@end?is still rising when the run ends, at {peak:spine_density_rel} after " +
  "{peak_time:spine_density_rel}" + RODENT_COUNTS + "|peaks at {peak:spine_density_rel} after " +
  "{peak_time:spine_density_rel}" + RODENT_COUNTS + "|has not grown in this run}";

/**
 * A stressed dendrite's spines a week on, past their peak: they regrew and have been falling since, so
 * the caption says so (not "up to", which read as still climbing; why the dendrite started low, steps 1
 * and 7 have said, as step 7 has said where the overshoot comes from: the caption is long enough). Back
 * near the healthy level, the spines the drug restored still carry the effect (most of the regrowth is
 * still there: -2 % from healthy is 18 points above the run's start; restoring lost spines is the rescue,
 * Moda-Sava et al. 2019), while the model's spine turnover (a 5-day time constant, toward the run's own
 * drug-free level) slowly takes the dendrite back (docs/model.md, "Chronic stress"). Clearly below the
 * healthy level, little of the regrowth may be left (a dendrite back to -19 % from a -20 % start), so the
 * turnover comes first and nothing is credited.
 */
const FADING = "the drug set off the regrowth, and the spines it restored still help carry the effect after it " +
  "is gone, though spine turnover in this model is slowly taking the dendrite back toward where it started";
const FADING_BELOW = "the drug set off some regrowth, but spine turnover in this model is taking the dendrite " +
  "back toward where it started";
const REGREW_AND_FELL = "and spine density, " + STARTED_LOW + ", regrew to {peak:spine_density_rel} from the " +
  "healthy level after {peak_time:spine_density_rel}{spine_density_rel@peak? (an overshoot that is this model's)|} " +
  "and has " +
  "fallen since, to {spine_density_rel}" +
  "{spine_density_rel?{spine_density_rel@slight?, near the healthy level|, still above the healthy level}|" +
  "{spine_density_rel@peak?{spine_density_rel@slight?, back near the healthy level|, back below the healthy " +
  "level}|{spine_density_rel@slight?, near the healthy level|, still below the healthy level}|" +
  "{spine_density_rel@slight?, back near the healthy level|, back below the healthy level}}|, back at the " +
  "healthy level}: {if:" + BLOCKERS + "?the pre-treatment blocked most of the regrowth, so little is left to " +
  "carry the effect|{spine_density_rel?{spine_density_rel@slight?" + FADING + "|the drug set off the " +
  "regrowth, and the new synapses help carry the effect on after it is gone}|{spine_density_rel@slight?" +
  FADING + "|" + FADING_BELOW + "}|" + FADING + "}}";

export const STORY_STEPS: StoryStep[] = [
  {
    id: "glutamate-accelerator",
    title: "Glutamate, the brain's accelerator",
    text:
      "Glutamate is the brain's main excitatory messenger, its \u201con\u201d switch. Each time the pyramidal " +
      "neuron above fires (here {rate_pyramidal_hz}, before any ketamine), its terminal releases glutamate " +
      "into the cleft, where receptors on the dendritic spine below pick it up. This signalling underlies " +
      "learning and memory." +
      // Where the readout starts, before any drug: a stressed run's spines and a knockout's BDNF are
      // already off the healthy level, and the class sees it (docs/model.md, "Chronic stress"; plasticity.py).
      "{if:chronic_stress? This dendrite has been thinned by chronic stress: before any drug its spine density " +
      "is {start:spine_density_rel} from the healthy level (the readout's spines), about the loss Moda-Sava et al. " +
      "(2019) saw in stressed mice.|}" +
      "{if:bdnf_knockout? This run is a BDNF knockout, as in the mice of Autry et al. (2011): it makes no BDNF " +
      "at all, so the readout's BDNF reads {start:bdnf_rel} from the start, before any drug.|}",
    zoom: "circuit",
    time: { kind: "start" },
    actors: ["presynaptic_terminal", "glutamate", "spine"],
  },
  {
    id: "nmda-vs-ampa",
    title: "Two gates: AMPA and NMDA",
    text:
      "One release, slowed down. AMPA receptors are simple, fast gates: glutamate alone opens them and Na\u207a " +
      "rushes in. NMDA receptors are the main gate: they need glutamate AND a depolarised membrane, because " +
      "at rest a Mg\u00b2\u207a ion sits in their pore most of the time and lets only a trickle of " +
      "Ca\u00b2\u207a in; depolarisation pushes Mg\u00b2\u207a out and lets much more through. Watch the " +
      "green Mg\u00b2\u207a ions stay put in this small event, while a few Ca\u00b2\u207a ions still slip in." +
      // The microscope holds 95 % of the AMPA receptors under NBQX (kw.simulate_synapse reads params.nbqx:
      // at the antidepressant peak -2.1 pA instead of -41.9, 0.5 mV of depolarisation instead of 2.8).
      "{if:nbqx? Here NBQX, given before ketamine, holds most AMPA receptors shut: a release opens only " +
      "a few, and the spine barely depolarises.|}",
    zoom: "synapse",
    time: { kind: "start" },
    actors: ["cleft_glutamate", "ampa_channel", "nmda_channel", "mg_plug", "ion_currents", "spine_voltage"],
  },
  {
    id: "ketamine-plugs-interneurons",
    title: "Ketamine plugs NMDA receptors, on interneurons most",
    text:
      "{ketamine_brain_uM@none?" +
      "This run has no ketamine: none reaches the brain, and no NMDA receptor is plugged " +
      "({nmda_block_interneuron} of the inhibitory interneuron's NMDA current, {nmda_block_pyramidal} of the " +
      "pyramidal cell's). Given a dose, ketamine enters NMDA channels while they are open, where it gets " +
      "trapped, like a key jammed in a lock, and it plugs more of the interneuron's current than of the " +
      "pyramidal cell's|" +
      "Ketamine reaches the brain ({ketamine_brain_uM} at {time}, " +
      "{ketamine_brain_uM@end?still rising at the end of the run|its peak}) and enters NMDA channels while " +
      "they are open, where it gets trapped, like a key jammed in a lock. It plugs {nmda_block_interneuron} " +
      "of the inhibitory interneuron's NMDA current but only {nmda_block_pyramidal} of the pyramidal cell's}: " +
      "the interneuron is thought to carry receptor types that Mg\u00b2\u207a protects less (GluN2C/2D), and its " +
      "membrane rests more depolarised, nearer firing, which pushes Mg\u00b2\u207a out. Firing all the time, it opens its channels more often, so its " +
      "block also comes sooner.",
    zoom: "circuit",
    time: { kind: "peak", channel: "ketamine_brain_uM", fallbackHours: 0.67 },
    actors: ["ketamine", "interneuron", "nmda_receptor"],
  },
  {
    id: "disinhibition-surge",
    title: "{glutamate_rel?Disinhibition and the glutamate surge|Too much block: glutamate falls|Disinhibition and glutamate}",
    text:
      "{nmda_block_interneuron?With less NMDA drive|With more NMDA drive|With its NMDA drive unchanged}, the interneuron {rate_interneuron_hz?speeds up|slows|keeps its pace} (from " +
      "{start:rate_interneuron_hz} to {rate_interneuron_hz} at {time}) and releases " +
      "{rate_interneuron_hz?more|less|as much} GABA, its brake on the pyramidal cell. " +
      "{glutamate_rel?Released from the brake, the pyramidal cell fires faster|" +
      "Yet the pyramidal cell fires slower, its own NMDA receptors plugged too at this dose|" +
      "The pyramidal cell keeps its pace} (from {start:rate_pyramidal_hz} to {rate_pyramidal_hz}) and " +
      "glutamate outside the cells {glutamate_rel?surges|falls|stays at baseline}: {glutamate_rel} from baseline." +
      // Disinhibition is the leading account of the surge, not a settled one (docs/model.md, "What is simplified").
      "{glutamate_rel? This disinhibition is the leading explanation of ketamine's glutamate surge, and the one " +
      "this model follows; others are still debated.|{glutamate_rel@end? Later, as the drug falls, glutamate rebounds, and it is still rising " +
      "when the run ends ({peak:glutamate_rel} from baseline after {peak_time:glutamate_rel}).| Later, as the " +
      "drug falls, glutamate rebounds: {peak:glutamate_rel} from baseline after {peak_time:glutamate_rel}.|}" +
      // The model's known disagreement (docs/model.md, section 3): its circuit is calibrated on human drug
      // levels, and rodent antidepressant doses first suppress glutamate where the rats' rose.
      // The model's rat lowers glutamate at every dose, so its fall at their anaesthetic 200 mg/kg i.p.
      // follows from the same over-suppression, and is not claimed as an agreement.
      "{species:rodent? In rats, Moghaddam et al. (1997) saw glutamate fall at an anaesthetic dose (200 mg/kg " +
      "i.p.) but rise at antidepressant doses (10-30 mg/kg i.p.); this model, tuned to human drug levels, makes " +
      "it fall first at every rat dose: a known disagreement at the antidepressant doses.|}|}" +
      // NBQX acts on the spine's AMPA activation alone (ketawidget/model/dynamics.py, signals): the circuit
      // does not see it.
      "{if:nbqx? In this model NBQX acts only at the spine's AMPA receptors; these firing changes are " +
      "ketamine's alone.|}",
    zoom: "circuit",
    // At a dose that first makes glutamate fall well below baseline (anaesthetic), at that fall: the
    // peak is then the rebound as the drug wears off. A subanaesthetic infusion's small early dip (to
    // about 0.93) is not one.
    time: { kind: "peak", channel: "glutamate_rel", fallbackHours: 0.75, dipBelow: 0.9 },
    actors: ["interneuron", "presynaptic_terminal", "glutamate"],
  },
  {
    id: "ampa-activation",
    title: "{if:nbqx?NBQX blocks the AMPA receptors|The surge acts through AMPA receptors}",
    text:
      // The model removes the drug-induced change at the blocker's step and leaves the drug-free level
      // alone (docs/model.md, "Blockers"); the real NBQX lowers resting AMPA transmission too.
      "{if:nbqx?NBQX, " + GIVEN + ", blocks AMPA receptors: in this model it removes most of the drug's change " +
      "in their activation and leaves their drug-free level alone (the real drug lowers that too). |}" +
      "The NMDA receptors on the pyramidal spine are " +
      "{nmda_block_pyramidal?partly plugged by ketamine|partly plugged by ketamine|not plugged by ketamine} " +
      "({nmda_block_pyramidal} at {time}) and held shut by Mg\u00b2\u207a at rest, so " +
      // With NBQX the surge has almost nowhere to act, whatever the rodent dose leaves of AMPA activation.
      "{if:nbqx?{glutamate_rel?the surge of glutamate|glutamate|glutamate} ({glutamate_rel}) has almost nowhere " +
      "to act: AMPA activation {ampa_activation_rel?rises only|falls only|stays at baseline,} {ampa_activation_rel} " +
      "from baseline. The Na\u207a current changes little, so the spine gets little push to start its signalling " +
      "cascade|" +
      "glutamate ({glutamate_rel}) acts mainly through AMPA receptors, which open with glutamate alone: AMPA activation " +
      "{ampa_activation_rel@slight?barely {ampa_activation_rel?rises|falls}, only {ampa_activation_rel} from " +
      "baseline with glutamate at {glutamate_rel}. The Na\u207a current changes little, so the spine gets " +
      "little push to start its signalling cascade|" +
      "{ampa_activation_rel?rises, {ampa_activation_rel} from baseline. Na\u207a flows in and depolarises the " +
      "spine, and that starts a signalling cascade inside it|falls, {ampa_activation_rel} from baseline: less " +
      "Na\u207a flows in, and the spine is quieter|stays at baseline ({ampa_activation_rel}): no extra Na\u207a " +
      "flows in, so nothing starts a signalling cascade}}}.",
    zoom: "circuit",
    time: { kind: "peak", channel: "ampa_activation_rel", fallbackHours: 0.75 },
    actors: ["ampa_receptor", "glutamate", "nmda_receptor"],
  },
  {
    id: "bdnf",
    title: "BDNF, the brain's fertilizer",
    text:
      "{if:nbqx?NBQX, blocking the AMPA receptors, removes most of the drug's change in the spine's " +
      "depolarisation. |}Depolarisation opens L-type Ca\u00b2\u207a channels{if:nifedipine? (nifedipine, " + GIVEN + ", blocks them: it removes " +
      "most of the extra Ca\u00b2\u207a entry)|}, and the Ca\u00b2\u207a entering through them " +
      "({l_type_calcium_rel}, {l_type_calcium_rel@slight?barely {l_type_calcium_rel?more|less} than at rest|" +
      "{l_type_calcium_rel?more than at rest|less than at rest: the spine is quieter at this dose|as at rest}}) " +
      "is the signal that releases BDNF (brain-derived neurotrophic factor). Downstream of BDNF's receptor TrkB, " +
      "mTORC1, the switch for making synaptic proteins, is {mtorc1_rel@slight?barely {mtorc1_rel?up|down}|{mtorc1_rel?up|down|unchanged}} " +
      "({mtorc1_rel}){if:rapamycin?; rapamycin, " + GIVEN + ", blocks it, removing most of the change BDNF's " +
      "signal through TrkB would make|}. In parallel, by a second route that Autry et al. (2011) proposed, " +
      "ketamine's block of NMDA receptors at rest {ketamine_brain_uM@none?would quiet eEF2 kinase, but this run has " +
      "no ketamine|quiets eEF2 kinase}: {eef2_phospho_rel?more eEF2 is " +
      "phosphorylated ({eef2_phospho_rel}), which slows the making of BDNF|less eEF2 is phosphorylated " +
      "({eef2_phospho_rel}), {bdnf_rel@none?which would make BDNF faster|{if:anisomycin?which would make BDNF " +
      "faster|{bdnf_rel@slight?which would make BDNF faster, yet BDNF barely rises|so BDNF is made faster}}}|" +
      "eEF2 phosphorylation is unchanged ({eef2_phospho_rel}), so BDNF is made no faster}. " +
      "{if:anisomycin?Anisomycin, " + GIVEN + ", blocks protein synthesis: it removes most of any change in how " +
      "fast BDNF is made. |}" +
      // The knockout has no BDNF protein (P = 0), and the model holds TrkB activation at its resting level
      // (K = R^0 = 1, ketawidget/model/plasticity.py), where TrkB bound by BDNF would be none.
      "{bdnf_rel@none?{if:bdnf_knockout?This run is a BDNF knockout, as in the mice of Autry et al. (2011): it " +
      "has no BDNF|This run has no BDNF} ({bdnf_rel} from baseline all through it), so there is none to make or " +
      "release, and TrkB gets none{if:bdnf_knockout? (this model holds TrkB signalling at its resting level: " +
      "{trkb_activation_rel})|: TrkB signalling is {trkb_activation_rel?up|down|unchanged} " +
      "({trkb_activation_rel})}.|" +
      "At {time} BDNF {bdnf_rel@end?is still rising at the end of the run|is at its peak|does not rise}, " +
      // bdnf_rel is BDNF protein, made faster by the eEF2 route, which NBQX and nifedipine do not touch;
      // its release follows L-type Ca2+ entry, which they cut. Anisomycin cuts the making, not the release
      // of what is stored.
      "{bdnf_rel} from baseline; {trkb_activation_rel?{if:nbqx,nifedipine?it is still made (by the eEF2 " +
      "route), but with little Ca\u00b2\u207a signal little of it is released: TrkB signalling is up only " +
      "{trkb_activation_rel}|{if:anisomycin?but the BDNF already stored is still released and binds its receptor " +
      "TrkB: TrkB signalling is up ({trkb_activation_rel})|once released, it binds its receptor TrkB: TrkB " +
      "signalling is up ({trkb_activation_rel})}}|less of it reaches its receptor TrkB: TrkB signalling is down " +
      "({trkb_activation_rel})|TrkB signalling is unchanged ({trkb_activation_rel})}.}",
    zoom: "circuit",
    // With no BDNF at all (knockout) its "peak" is the start: go to the L-type Ca2+ peak instead, where
    // BDNF would be released.
    time: { kind: "peak", channel: "bdnf_rel", fallbackHours: 1.1, ifFlat: "l_type_calcium_rel" },
    actors: ["cascade", "bdnf_trkb"],
  },
  {
    id: "synaptogenesis",
    title: "Stronger synapses, new spines",
    text:
      "{bdnf_rel@none?With no BDNF, nothing strengthens synapses or grows spines here. |}" +
      // Both are built from the synaptic-protein pool (ketawidget/model/plasticity.py), which mTORC1's
      // signal fills: rapamycin blocks the signal, anisomycin the synthesis. Li et al. 2010 counted the
      // spines rapamycin removed in rats; in patients it did not block the effect (docs/model.md).
      "{if:rapamycin,anisomycin?Stronger synapses and new spines are built from synaptic proteins, made when " +
      "mTORC1 is switched on; {if:rapamycin?rapamycin{if:anisomycin? and anisomycin, " + GIVEN + ", block mTORC1 " +
      "and protein synthesis|, " + GIVEN + ", blocks mTORC1}|anisomycin, " + GIVEN + ", blocks protein " +
      "synthesis}, so most of the drug's effect on their making is gone{if:rapamycin? (rats, Li et al. 2010; in " +
      "patients, rapamycin before ketamine did not block its antidepressant effect, Abdallah et al. 2020)|}. |}" +
      "BDNF acting on TrkB strengthens existing synapses by adding AMPA receptors to them: synaptic strength " +
      "{synaptic_strength_rel@slight?barely {synaptic_strength_rel?rises|falls}|{synaptic_strength_rel@end?is " +
      "still rising at the end of the run|peaks|does not rise}} at {time}, {synaptic_strength_rel} from baseline. " +
      "It also grows new dendritic spines, new synapses (synaptogenesis), more slowly: spine density" +
      // A stressed dendrite that has not moved yet is where it started: said once, not "started at -20 %,
      // is -20 % so far".
      "{spine_density_rel@start? is {spine_density_rel} so far|{spine_density_rel@since?, " + STRESSED_START + ", is " +
      "{spine_density_rel} so far|, " + STRESSED_START + ", is {spine_density_rel} so far| is still " +
      "{spine_density_rel} from the healthy level, where this run started (" + LOST_SPINES + "),}| is " +
      "{spine_density_rel} so far} and " +
      "{spine_density_rel@start?" + SPINES_PEAK + "|" +
      // A stressed dendrite regrows from below the healthy level: its numbers are levels, not gains.
      "{spine_density_rel@end?has regrown to {peak:spine_density_rel} from the healthy level when the run ends, " +
      "after {peak_time:spine_density_rel}, and is still rising|regrows to {peak:spine_density_rel} from the " +
      "healthy level after {peak_time:spine_density_rel}|has not grown in this run}" +
      "{spine_density_rel@end?" + REGROWTH_NOTE + "|" + REGROWTH_NOTE + "|}|" + SPINES_PEAK + "}. " +
      "Forming and strengthening connections is neuroplasticity, thought to help rebuild circuits weakened in " +
      "depression.",
    zoom: "circuit",
    // A knockout's synaptic strength never moves (its "peak" would be the run's start, back before the
    // BDNF step): go to 2 h instead, where it peaks after the human infusion (2.1 h) and the mouse's
    // 10 mg/kg i.p. (1.9 h), so the caption says it does not rise where it would have.
    time: { kind: "peak", channel: "synaptic_strength_rel", fallbackHours: 5.2, flatHours: 2 },
    actors: ["ampa_receptor", "bdnf_trkb", "new_spines"],
  },
  {
    id: "why-rapid",
    title: "Why ketamine works fast",
    text:
      "{ketamine_brain_uM@none?" +
      "This run has no ketamine: at {time} spine density is {spine_density_rel} from " +
      "{spine_density_rel@start?baseline|the healthy level}, with no drug to set off new growth. |" +
      // Almost gone, the level itself is a tail in a unit of its own ("0.00350 nM; 0.393 µM at its
      // peak" read as a muddle in review): the peak says how much there was.
      "At {time} ketamine {ketamine_brain_uM@fallen?{ketamine_brain_uM@zero?has left the brain ({ketamine_brain_uM}; " +
      "{peak:ketamine_brain_uM} at its peak)|has almost left the brain (from {peak:ketamine_brain_uM} at its peak)}|" +
      "is still in the brain ({ketamine_brain_uM}; {peak:ketamine_brain_uM} at its peak)}, " +
      "{spine_density_rel@start?{spine_density_rel?" +
      // Under a blocker (NBQX, rapamycin...) some growth is left (a trace after the human infusion, more
      // at rodent doses): the blocker is why it is small, and saying it "carries the effect" would
      // contradict the lesson in which the blocker abolishes it.
      "{if:" + BLOCKERS + "?and spine density is up only {spine_density_rel} from baseline{spine_density_rel@end?, " +
      "and still rising|}: the pre-treatment blocked most of the growth, so little is left to carry the effect|" +
      // A short run (6 h) ends with the spines only beginning to grow, and the drug still there: neither
      // "little growth was set off" nor "long after it is gone" is true of it.
      "{spine_density_rel@slight?{spine_density_rel@end?{ketamine_brain_uM@fallen?" + SLIGHT_GAIN + "|and " +
      "spine density has only begun to rise ({spine_density_rel} from baseline, and still rising): new spines " +
      "take longer to grow than this run lasts}|" + SLIGHT_GAIN + "}|" +
      "{ketamine_brain_uM@fallen?yet spine density is still up ({spine_density_rel} from baseline" +
      "{spine_density_rel@end?, and still rising|}): the drug set off the growth, and the new synapses help " +
      "carry the effect on long after it is gone|and spine density is already up ({spine_density_rel} from " +
      "baseline{spine_density_rel@end?, and still rising|}): the drug has set off the growth}}}|" +
      "{spine_density_rel@end?and spine density is still below baseline ({spine_density_rel} from baseline) " +
      "but climbing: the drug set off new growth on a dendrite that had lost spines|and spine density is " +
      "below baseline ({spine_density_rel} from baseline), after growing earlier in the run|and spine " +
      "density is below baseline ({spine_density_rel} from baseline): this run shows no new spines}|" +
      "{spine_density_rel@end?and spine density has not grown yet ({spine_density_rel} from baseline): new " +
      "spines take longer to grow than this run lasts|{if:" + BLOCKERS + "?and spine density is back at " +
      "baseline ({spine_density_rel} from baseline): the pre-treatment blocked almost all of the growth|yet " +
      "spine density is back at baseline ({spine_density_rel} from baseline): the spines it grew have gone " +
      "again}|and spine density has not grown ({spine_density_rel} from baseline): " + NO_GROWTH + "}}|" +
      // A stressed run starts below the healthy level: its spines are counted from where it started.
      "{spine_density_rel@since?{spine_density_rel@past?" + REGREW_AND_FELL + "|" +
      "and spine density, " + STRESSED_START + ", is up to {spine_density_rel}" +
      "{spine_density_rel?, above the healthy level (" + OVERSHOOT + ")|{spine_density_rel@slight?, near the " +
      "healthy level|, still below the healthy level}|, back at the healthy level}{spine_density_rel@end?, and " +
      "still rising|}: {if:" + BLOCKERS + "?the pre-treatment blocked most of the regrowth, so little is left to " +
      "carry the effect|{ketamine_brain_uM@fallen?the drug set off the regrowth, and the new synapses help carry " +
      "the effect on long after it is gone|the drug has set off the regrowth}}}|" +
      "and spine density is {spine_density_rel} from the healthy level, below where this run started " +
      "({start:spine_density_rel}){spine_density_rel@end?|, after growing earlier in the run|: this run shows " +
      "no new spines}|" +
      "and spine density is where this run started ({spine_density_rel} from the healthy level): " +
      "{spine_density_rel@end?new spines have not grown yet|{if:" + BLOCKERS + "?the pre-treatment blocked " +
      "almost all of the regrowth|the spines it grew have gone again}|" + NO_GROWTH + "}}}. }" +
      "Traditional antidepressants act on monoamines (serotonin, noradrenaline) and usually take weeks to " +
      "help. Ketamine's mood effect starts within hours, before many new spines exist (in this model " +
      "spine density has barely moved after three hours): the surge of glutamate and BDNF signalling " +
      "comes first, and the new spines keep the effect going rather than start it (Moda-Sava et al. 2019)." +
      // What the rodent studies found of the rapid behavioural effect itself under each pre-treatment.
      "{if:nbqx? In rodents, NBQX given before ketamine blocked its antidepressant-like effect too (Maeng et al. " +
      "2008).|}{if:anisomycin? In mice, anisomycin blocked the rapid effect too (Autry et al. 2011).|}" +
      "{if:nifedipine? In rodents, L-type Ca\u00b2\u207a channel blockers given before ketamine blocked its " +
      "antidepressant-like effect too (Lepack et al. 2015).|}" +
      "{if:bdnf_knockout? In mice without BDNF the rapid effect was lost too (Autry et al. 2011).|}" +
      "{if:rapamycin? In rats, rapamycin blocked ketamine's antidepressant-like effect a day later (Li et al. " +
      "2010); in mice it did not block the effect seen within half an hour (Autry et al. 2011).|}",
    zoom: "circuit",
    // A week after the dose, or the end of a shorter run: the last step, after every peak. After a
    // course of doses, a day after the last one (the wire carries no dose times: the last rise of
    // brain ketamine marks it), so the drug is not said to be gone with doses still to come.
    time: { kind: "hours", hours: 168, afterLastRise: { channel: "ketamine_brain_uM", hours: 24 } },
    actors: ["new_spines", "spine"],
  },
];
