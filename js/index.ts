/**
 * The anywidget entry of ketawidget's synapse diagram. `render` assembles the view (SVG scene, layer
 * toggles, legend, controls, error box), decodes the trajectory traits, and runs one
 * requestAnimationFrame loop that advances the player, draws the actors at the playhead (scene/scene.ts
 * says which channel feeds which actor) and, throttled by the player, tells the kernel
 * where the playhead is. Python owns the numbers and the browser owns the clock (docs/wire-format.md).
 * It also owns the view state that is not the model's: the zoom (circuit, or one synapse drawn from the
 * microscope runs), linear or log time, the story step and its highlighted actors, and the keyboard
 * shortcuts (keyboard.ts) and "Reset view" that drive them. The time mode is also the synced trait
 * log_time, so the lab's own log-time switch and the diagram's follow each other.
 * The root element mirrors the state in data-* attributes (time, playing, values, zoom, time mode,
 * story step, highlighted actors, error; docs/diagram.md lists them) so tests and embedding pages can
 * observe the widget without reaching into its internals. `render` returns a cleanup that stops the
 * loop and removes every listener it added.
 */

import "./widget.css";
import type { RenderProps } from "@anywidget/types";
import { type Microscope, type Trajectory, timeSpan } from "./wire";
import { createControls } from "./controls";
import { createMicroScene } from "./micro/micro_scene";
import { createStoryPanel } from "./story/story_panel";
import { formatClock } from "./format";
import { VIEW, setAttr, svgEl } from "./scene/svg";
import { createScene } from "./scene/scene";
import { createLegend, createMicroLegend } from "./legend";
import { createLayerToggles } from "./layers";
import { createErrorState } from "./error_state";
import { createDrawing, valuesSummary } from "./drawing";
import { type SynapseTraits, createKernelSync, createPlayer } from "./kernel_sync";
import { createViewState } from "./view_state";
import { createCommands, listenForShortcuts } from "./commands";
import { suppressNotebookShortcuts, watchPage } from "./page";
import { startAnimation } from "./animation";

function render({ model, el }: RenderProps<SynapseTraits>): () => void {
  const root = document.createElement("div");
  root.className = "keta-synapse";

  root.setAttribute("data-playing", "false");
  el.appendChild(root);

  // Both zooms share one stage and are stacked; CSS crossfades and scales between them (widget.css).
  const stage = document.createElement("div");
  stage.className = "keta-stage";
  stage.tabIndex = 0;
  stage.setAttribute("role", "group");
  stage.setAttribute("aria-label", "Diagram (keyboard shortcuts: press ? for the list)");
  root.appendChild(stage);

  const svg = svgEl("svg", {
    class: "keta-scene keta-view keta-view-circuit",
    viewBox: `0 0 ${VIEW.width} ${VIEW.height}`,
    role: "img",
    "aria-label": "Synapse diagram: a presynaptic terminal releases glutamate into the cleft, where ketamine " +
      "plugs NMDA receptors; AMPA receptors let Na+ into the spine, whose signalling gauges (eEF2, BDNF, " +
      "TrkB, mTORC1) lead to BDNF binding TrkB and new spines along the dendrite; a GABAergic interneuron, " +
      "its NMDA receptors plugged harder, inhibits the dendrite. The numbers are in the readout below.",
  }, stage);
  const scene = createScene(svg);
  const microSvg = svgEl("svg", {
    class: "keta-scene keta-view keta-view-synapse",
    viewBox: `0 0 ${VIEW.width} ${VIEW.height}`,
    role: "img",
    "aria-label": "One synapse at millisecond time: a glutamate pulse in the cleft opens AMPA channels " +
      "(Na+ in) and NMDA channels, whose pores hold Mg2+ and trapped ketamine; traces show the spine " +
      "voltage and the currents. The run's moment and brain ketamine are written at the top.",
  }, stage);
  const microScene = createMicroScene(microSvg);
  const layers = createLayerToggles(root);
  root.appendChild(layers.element);
  root.appendChild(createLegend());
  root.appendChild(createMicroLegend());

  const errors = createErrorState(root, stage);

  const player = createPlayer(model);


  const controls = createControls({
    onPlayToggle: () => kernel.togglePlaying(),
    onStep: (direction) => commands.move(() => player.step(direction)),
    onScrub: (t, final) => commands.scrub(t, final),
    onSpeed: (speed) => commands.setSpeed(speed),
    onTimeMode: (mode) => view.setTimeModeByUser(mode),
    onZoomToggle: () => view.toggleZoomByUser(),
    onReset: () => view.reset(),
  });
  root.insertBefore(controls.element, errors.box);
  const drawing = createDrawing({ root, scene, microScene, controls });
  const story = createStoryPanel({
    onStart: () => view.goToStep(0),
    onPrevious: () => view.goToStep((view.storyIndex ?? 0) - 1),
    onNext: () => view.goToStep((view.storyIndex ?? -1) + 1),
    onExit: () => view.exitStory(),
  });
  root.insertBefore(story.element, controls.element);
  const kernel = createKernelSync(model, player, {
    errors,
    fail: (e, fromMessage) => setError(e, fromMessage),
    showRun,
    dropRun: () => drawing.drop(),
    redraw,
    reflectPlaying,
    announce: (message) => controls.announce(message),
    announceHere,
    showSpeed: (speed) => controls.setSpeed(speed),
    setTimeMode: (mode) => view.setTimeMode(mode),
  });
  const view = createViewState({ root, stage, circuit: svg, synapse: microSvg, layers, controls, story }, {
    player,
    kernel,
    errors,
    trajectory: () => drawing.trajectory,
    redraw,
    reflectPlaying,
    announceHere,
    removeMicroscopeAttrs: () => drawing.removeMicroscopeAttrs(),
  });
  suppressNotebookShortcuts(root);
  const page = watchPage(root, redraw);

  // ---- error state -------------------------------------------------------------------------------

  function setError(e: unknown, fromMessage = false): void {
    errors.show(e, fromMessage, () => {
      drawing.drop();
      player.pause();
      reflectPlaying();
      controls.setEnabled(false);
      story.setEnabled(false);
      // Nothing plays in the error state: say so to the kernel, so that lab.playing does not read
      // True throughout and a good run arriving later does not start playing by itself.
      kernel.stopPlaying();
    });
    // Nothing is drawn in the error state, so the root claims no time, value or microscope run.
    drawing.clear(player.timeH);
  }

  /** A newly decoded run replaces the one shown; the kernel sync then plays it if the trait says so. */
  function showRun(next: Trajectory, microscope: Microscope): void {
    drawing.load(next, microscope);
    errors.clear();
    const [start, end] = timeSpan(next);
    drawing.countFrom(start); // a stressed run's spines count as new from where it started
    player.setRange(start, end); // keeps the playhead, clamped; marks a send if clamping moved it
    controls.setRange(start, end);
    controls.setEnabled(next.timeH.length > 1);
    story.setEnabled(next.timeH.length > 0);
    if (view.storyIndex !== undefined) view.goToStep(view.storyIndex); // a new run moves the step's peaks
  }

  const commands = createCommands({ player, kernel, view, controls, errors, redraw, announceHere });
  const stopShortcuts = listenForShortcuts(root, commands, errors, (e) => setError(e));

  function draw(wallMs: number): void {
    if (!errors.message) drawing.draw(player.timeH, wallMs, view.zoom, page.motion);
  }

  function redraw(): void {
    try {
      draw(performance.now());
    } catch (e) {
      setError(e);
    }
  }

  function reflectPlaying(): void {
    setAttr(root, "data-playing", String(player.playing));
    controls.setPlaying(player.playing);
  }

  /** Say where the playhead is and what it shows; nothing in the error state (it would be all dashes). */
  function announceHere(prefix: string): void {
    if (errors.message) return;
    controls.announce(`${prefix}${formatClock(player.timeH)}. ${valuesSummary(drawing.valuesAt(player.timeH))}`);
  }

  // ---- start -----------------------------------------------------------------------------------------

  controls.setSpeed(player.speed);
  controls.setEnabled(false);
  story.setEnabled(false);
  view.setTimeMode(kernel.timeMode);
  view.setZoom("circuit");
  kernel.decode(true); // the initial state arrives whole: a failure here is real
  reflectPlaying();
  const loop = startAnimation({
    player,
    ready: () => !errors.message && drawing.trajectory !== null,
    flush: (now) => kernel.flush(now),
    end: (now) => {
      kernel.endPlayback(now);
      reflectPlaying();
      announceHere("End of trajectory at ");
    },
    draw,
    drifting: () => page.drifting,
    fail: (e) => setError(e),
  });

  return () => {
    loop.stop();
    kernel.destroy();
    stopShortcuts();
    page.destroy();
    controls.destroy();
    story.destroy();
    layers.destroy();
    root.remove();
  };
}

export default { render };

