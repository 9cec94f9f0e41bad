/**
 * The anywidget entry of ketawidget's synapse diagram. `render` composes the parts: the DOM skeleton
 * (view_dom.ts) with the story panel, the controls and the error box (error_state.ts); the kernel sync
 * (kernel_sync.ts), which decodes the run from the traits and reports the playhead, since Python owns
 * the numbers and the browser owns the clock (docs/wire-format.md); drawing the run at the playhead
 * (drawing.ts); the view state of zoom, time mode and story (view_state.ts); presenting, where the
 * diagram fills the screen for a projector (presentation.ts); the user's commands and shortcuts
 * (commands.ts); the page around the widget (page.ts); and one requestAnimationFrame loop
 * (animation.ts), which draws only what someone can see and stops while there is nothing to do; and,
 * inside kw.KetamineLab, the lab's own controls, mended for the keyboard and screen readers (lab.ts).
 * What ties them together lives here: what an error stops, what a new run resets, and how the view
 * redraws and speaks. The root element mirrors the state in data-* attributes
 * (docs/diagram.md lists them) so tests and embedding pages can observe the widget without reaching
 * into its internals. `render` returns a cleanup that stops the loop and removes every listener it added.
 */

import "./widget.css";
import type { RenderProps } from "@anywidget/types";
import { type Microscope, type RunLabel, type Trajectory, UNLABELLED_RUN, speciesNamed, timeSpan } from "./wire";
import { createControls } from "./controls";
import { createStoryPanel } from "./story/story_panel";
import { formatClock } from "./format";
import { setAttr } from "./scene/svg";
import { createViewDom } from "./view_dom";
import { createErrorState } from "./error_state";
import { createDrawing, valuesSummary } from "./drawing";
import { type SynapseTraits, createKernelSync, createPlayer } from "./kernel_sync";
import { createViewState } from "./view_state";
import { STORY_LEFT, createCommands, listenForShortcuts } from "./commands";
import { suppressNotebookShortcuts, watchPage } from "./page";
import { type Loop, startAnimation } from "./animation";
import { watchLab } from "./lab";
import { createPresentation } from "./presentation";

function render({ model, el }: RenderProps<SynapseTraits>): () => void {
  const { root, stage, circuit, scene, legend, synapse, microScene, microLegend, layers } = createViewDom(el);
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
    onPresentToggle: () => presentation.toggle(),
  });
  root.insertBefore(controls.element, errors.box);
  const drawing = createDrawing({ root, scene, microScene, controls });
  const story = createStoryPanel({
    onStart: () => view.goToStep(0),
    // As PageUp and PageDown: a caption that scrolls is paged to its start (its end) before the story
    // goes back (moves on).
    onPrevious: () => commands.run("story-back"),
    onNext: () => commands.run("story-forward"),
    onExit: () => commands.leaveStory(),
  });
  root.insertBefore(story.element, controls.element);

  const kernel = createKernelSync(model, player, {
    errors,
    fail: (e, fromMessage) => setError(e, fromMessage),
    showRun,
    dropRun: () => {
      drawing.drop();
      label(UNLABELLED_RUN);
    },
    redraw,
    reflectPlaying,
    announce: (message) => controls.announce(message),
    announceHere,
    showSpeed: (speed) => controls.setSpeed(speed),
    setTimeMode: (mode) => view.setTimeMode(mode),
    seeked: () => {
      if (view.seeked()) announceHere(STORY_LEFT);
    },
  });
  const view = createViewState({ root, stage, circuit, synapse, layers, controls, story }, {
    player,
    kernel,
    errors,
    trajectory: () => drawing.trajectory,
    conditions: () => run.conditions,
    species: () => speciesNamed(run.description),
    redraw,
    reflectPlaying,
    announceHere,
    removeMicroscopeAttrs: () => drawing.removeMicroscopeAttrs(),
  });
  const presentation = createPresentation({ root, stage }, (active) => {
    controls.setPresenting(active);
    story.refit(); // the caption fitted to its room while presenting, and flowing again in the notebook
    page.setFillingScreen(active); // a paused diagram scrolled half away is drawn on the screen at once
    controls.announce(active ? "Presenting: the diagram fills the screen. F or Esc to leave." : "Presentation ended.");
  });
  const commands = createCommands({
    player, kernel, view, presentation, controls, caption: story, errors, redraw, announceHere,
    hasRun: () => drawing.trajectory !== null,
  });

  /** The animation loop, once started (below); a redraw before then needs no waking. */
  let loop: Loop | undefined;
  /** What the run shown is: its description and conditions (none while no run is shown). */
  let run: RunLabel = UNLABELLED_RUN;
  suppressNotebookShortcuts(root);
  const page = watchPage(root, { onMotionChange: redraw, onVisibilityChange: () => loop?.wake() });
  const lab = watchLab(el);
  const stopShortcuts = listenForShortcuts(root, commands, errors, (e) => setError(e), {
    get active() {
      return presentation.active;
    },
    stage,
  });

  function setError(e: unknown, fromMessage = false): void {
    errors.show(e, fromMessage, () => {
      drawing.drop();
      label(UNLABELLED_RUN); // the run it named is not shown
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

  /**
   * Say what the run shown is: the line above the story while presenting, the marks in the scene (and
   * in the synapse zoom) where its conditions act with the legends' entries for them, and the root's data-run-conditions (docs/diagram.md); the story's captions read
   * `run` when a step is shown.
   */
  function label(next: RunLabel): void {
    run = next;
    story.setRun(next.description);
    scene.setConditions(next.conditions);
    legend.setConditions(next.conditions); // the legends explain the marks just drawn
    microScene.setConditions(next.conditions);
    microLegend.setConditions(next.conditions);
    if (next.conditions.size > 0) root.setAttribute("data-run-conditions", [...next.conditions].join(" "));
    else root.removeAttribute("data-run-conditions");
  }

  /** A newly decoded run replaces the one shown; the kernel sync then plays it if the trait says so. */
  function showRun(next: Trajectory, microscope: Microscope, nextRun: RunLabel): void {
    drawing.load(next, microscope);
    label(nextRun);
    errors.clear();
    const [start, end] = timeSpan(next);
    drawing.countFrom(start); // a stressed run's spines count as new from where it started
    player.setRange(start, end); // keeps the playhead, clamped; marks a send if clamping moved it
    controls.setRange(start, end);
    controls.setEnabled(next.timeH.length > 1);
    story.setEnabled(next.timeH.length > 0);
    if (view.storyIndex !== undefined) view.goToStep(view.storyIndex); // a new run moves the step's peaks
  }

  function draw(wallMs: number): void {
    if (!errors.message) drawing.draw(player.timeH, wallMs, view.zoom, page.motion);
  }

  /**
   * Draw now, and wake the loop if it had stopped (a seek, a play, a zoom, new data all come here).
   * Out of view (a click on the charts below a diagram scrolled away) only the playhead is reported;
   * the loop draws the scene once it is back in view.
   */
  function redraw(): void {
    try {
      if (page.visible) draw(performance.now());
      else if (!errors.message) drawing.report(player.timeH, view.zoom);
    } catch (e) {
      setError(e);
    }
    loop?.wake({ behind: !page.visible });
  }

  function reflectPlaying(): void {
    setAttr(root, "data-playing", String(player.playing));
    controls.setPlaying(player.playing);
    loop?.wake();
  }

  /**
   * Say where the playhead is and what it shows; nothing without a run to show (the error state, or
   * the grace while an update that does not decode waits for its missing parts): it would be all dashes.
   */
  function announceHere(prefix: string): void {
    if (errors.message || drawing.trajectory === null) return;
    controls.announce(`${prefix}${formatClock(player.timeH)}. ${valuesSummary(drawing.valuesAt(player.timeH))}`);
  }

  controls.setSpeed(player.speed);
  controls.setEnabled(false);
  story.setEnabled(false);
  view.setTimeMode(kernel.timeMode);
  view.setZoom("circuit");
  kernel.decode(true); // the initial state arrives whole: a failure here is real
  reflectPlaying();
  loop = startAnimation({
    player,
    ready: () => !errors.message && drawing.trajectory !== null,
    flush: (now) => kernel.flush(now),
    end: (now) => {
      kernel.endPlayback(now);
      reflectPlaying();
      announceHere("End of trajectory at ");
    },
    draw,
    report: () => {
      if (!errors.message) drawing.report(player.timeH, view.zoom);
    },
    visible: () => page.visible,
    motion: () => page.motion,
    drifting: () => page.drifting,
    fail: (e) => setError(e),
  });

  return () => {
    presentation.destroy(); // out of fullscreen, the notebook's height given back
    loop?.stop();
    lab.destroy();
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
