/**
 * The view state that is not the model's: the zoom (the circuit, or one synapse drawn from the
 * microscope runs), linear or log time, the story step with its highlighted actors, and "Reset view",
 * which puts them all back. Each change is mirrored on the root (data-zoom, data-time-mode,
 * data-story-step, data-highlighted; docs/diagram.md) and on the controls. The zoom and the time mode
 * are the view's own and work in the error state too; a story step moves the playhead, so it waits for
 * a run. The time mode alone also reaches the kernel (the log_time trait), through the kernel sync.
 */

import { type Trajectory } from "./wire";
import { type Player } from "./player";
import { type Controls } from "./controls";
import { type TimeMode } from "./timescale";
import { type KernelSync } from "./kernel_sync";
import { type LayerToggles, layersHolding } from "./layers";
import { STORY_STEPS } from "./story/steps";
import { resolveStep } from "./story/story";
import { type StoryPanel } from "./story/story_panel";

export type Zoom = "circuit" | "synapse";

export interface ViewState {
  readonly zoom: Zoom;
  /** The story step shown, or undefined outside the story. */
  readonly storyIndex: number | undefined;
  setZoom(zoom: Zoom): void;
  setTimeMode(mode: TimeMode): void;
  /** Show story step `index` (clamped to the steps); nothing without a run to tell it on. */
  goToStep(index: number): void;
  exitStory(): void;
  /**
   * The playhead was moved by a seek that is not the story's own: the user's (the scrubber, the step
   * keys, Home/End) or the kernel's (a lesson loaded, the lab's charts, Python's seek). A step's caption
   * describes its own moment, with that moment's numbers, so the story is left once the playhead is
   * elsewhere: whoever moved it, the caption never describes a moment the diagram does not show.
   * Playing on from a step keeps it (the step paused there; the next one pauses again). Whether it
   * left the story.
   */
  seeked(): boolean;
  reset(): void;
  /** Zoom and time mode are the view's own: they work (and speak) in the error state too. */
  toggleZoomByUser(): void;
  setTimeModeByUser(mode: TimeMode): void;
}

/** The elements the view state shows itself on. */
export interface ViewElements {
  root: HTMLElement;
  /** Holds both zooms' SVGs: the actors to highlight are found in it. */
  stage: HTMLElement;
  circuit: SVGSVGElement;
  synapse: SVGSVGElement;
  layers: LayerToggles;
  controls: Controls;
  story: StoryPanel;
}

/** What the view state needs from the rest of the widget. */
export interface ViewStateDeps {
  player: Player;
  kernel: Pick<KernelSync, "userAction" | "pause" | "saveTimeMode">;
  errors: { readonly message: string | null };
  /** The run shown, if any. */
  trajectory(): Trajectory | null;
  /** The conditions the run shown was given (the story's captions name them). */
  conditions(): ReadonlySet<string>;
  /** The species the run shown names ("mouse", "rat"; undefined for none: a human or unlabelled run). */
  species(): string | undefined;
  redraw(): void;
  reflectPlaying(): void;
  announceHere(prefix: string): void;
  removeMicroscopeAttrs(): void;
}

export function createViewState(elements: ViewElements, deps: ViewStateDeps): ViewState {
  const { root, stage, circuit, synapse, layers, controls, story } = elements;
  const { player, kernel, errors } = deps;
  let zoom: Zoom = "circuit";
  let storyIndex: number | undefined;
  /** The moment the story step shown describes. */
  let stepTimeH = Number.NaN;

  function setZoom(next: Zoom): void {
    zoom = next;
    root.setAttribute("data-zoom", next);
    circuit.setAttribute("aria-hidden", String(next !== "circuit"));
    synapse.setAttribute("aria-hidden", String(next !== "synapse"));
    controls.setZoom(next);
    if (next !== "synapse") deps.removeMicroscopeAttrs();
    deps.redraw();
  }

  function setTimeMode(mode: TimeMode): void {
    player.setTimeMode(mode);
    controls.setTimeMode(mode);
    root.setAttribute("data-time-mode", mode);
    controls.setTime(player.timeH);
  }

  /** Highlight the actors `ids` (class keta-highlight) and dim the rest; an empty list clears it. */
  function highlight(ids: string[]): void {
    const wanted = new Set(ids);
    for (const node of stage.querySelectorAll("[data-actor], [data-actor-part]")) {
      const id = node.getAttribute("data-actor") ?? node.getAttribute("data-actor-part") ?? "";
      node.classList.toggle("keta-highlight", wanted.has(id));
    }
    if (ids.length > 0) root.setAttribute("data-highlighted", ids.join(" "));
    else root.removeAttribute("data-highlighted");
    // Only the zoom holding the highlighted actors dims the rest: zooming away during a step must not
    // leave a picture in which everything is dimmed.
    for (const view of [circuit, synapse]) view.classList.toggle("keta-has-highlight", view.querySelector(".keta-highlight") !== null);
  }

  function goToStep(index: number): void {
    const traj = deps.trajectory();
    if (!traj || errors.message || traj.timeH.length === 0) return;
    const i = Math.max(0, Math.min(STORY_STEPS.length - 1, index));
    const resolved = resolveStep(STORY_STEPS, i, traj, deps.conditions(), deps.species());
    storyIndex = i;
    kernel.userAction(() => {
      kernel.pause();
      player.seek(resolved.timeH);
    });
    stepTimeH = player.timeH; // where the step is shown (its time, clamped to the run)
    deps.reflectPlaying();
    root.setAttribute("data-story-step", resolved.step.id);
    // A step must show what it talks about: every hidden layer that holds part of one of its actors (the
    // interneuron, the ketamine molecules, the Na+ ions of the AMPA receptors, the labels whose numbers
    // the caption quotes) is shown again.
    layers.show(layersHolding(resolved.step.zoom === "synapse" ? synapse : circuit, resolved.step.actors));
    highlight(resolved.step.actors);
    setZoom(resolved.step.zoom);
    story.show({ index: i, count: STORY_STEPS.length, title: resolved.title, caption: resolved.caption });
  }

  function exitStory(): void {
    storyIndex = undefined;
    root.removeAttribute("data-story-step");
    highlight([]);
    story.show(undefined);
  }

  /**
   * "Reset view": time 0, circuit zoom, all layers, no story, linear time, paused. The lesson (dose,
   * parameters) is Python's and untouched; the lab has its own Reset for it. So is the speed: the lab
   * picks it to fit the run (the two-week course plays at 6 h/s), and going back to a fixed default
   * made that course take 22 minutes again.
   */
  function reset(): void {
    exitStory();
    layers.showAll();
    setTimeMode("linear");
    setZoom("circuit");
    controls.toggleHelp(false);
    if (errors.message) {
      // No run to rewind: only the view is reset, and the kernel hears of nothing but the time mode
      // (its time_h, playing and speed stay).
      kernel.saveTimeMode(true);
      controls.announce("View reset.");
      return;
    }
    kernel.saveTimeMode(false); // sent with the rest of the reset, in the user action's one save
    kernel.userAction(() => {
      kernel.pause();
      player.seek(player.start);
      deps.redraw();
    });
    controls.setSpeed(player.speed);
    deps.reflectPlaying();
    // Without a run to show (an update still arriving) there are no numbers to read out.
    if (deps.trajectory()) deps.announceHere("View reset to ");
    else controls.announce("View reset.");
  }

  return {
    get zoom() {
      return zoom;
    },
    get storyIndex() {
      return storyIndex;
    },
    setZoom,
    setTimeMode,
    goToStep,
    exitStory,
    seeked() {
      // The same moment, to rounding (as sent to the kernel and back).
      if (storyIndex === undefined || Math.abs(player.timeH - stepTimeH) <= 1e-9 * Math.max(1, Math.abs(stepTimeH))) return false;
      exitStory();
      return true;
    },
    reset,
    toggleZoomByUser() {
      setZoom(zoom === "circuit" ? "synapse" : "circuit");
      controls.announce(zoom === "synapse" ? "Synapse zoom: one synapse at millisecond time." : "Circuit zoom.");
    },
    setTimeModeByUser(mode) {
      setTimeMode(mode);
      kernel.saveTimeMode(true);
      controls.announce(mode === "log" ? "Log time." : "Linear time.");
    },
  };
}
