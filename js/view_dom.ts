/**
 * The widget's DOM skeleton: the root `.keta-synapse` (docs/diagram.md), the stage holding both zooms'
 * SVGs stacked (the circuit scene and the synapse zoom's microscope scene), the layer toggles and the
 * two legends. The panels that talk back (story, controls, error box) are added by their own modules.
 */

import { VIEW, svgEl } from "./scene/svg";
import { type Scene, createScene } from "./scene/scene";
import { type MicroScene, createMicroScene } from "./micro/micro_scene";
import { type LayerToggles, createLayerToggles } from "./layers";
import { type ConditionedLegend, createLegend, createMicroLegend } from "./legend";

export interface ViewDom {
  root: HTMLElement;
  /** The focusable diagram holding both zooms. */
  stage: HTMLElement;
  circuit: SVGSVGElement;
  scene: Scene;
  /** The circuit zoom's legend, whose pre-treatment entries follow the run shown as the scene's marks do. */
  legend: ConditionedLegend;
  synapse: SVGSVGElement;
  microScene: MicroScene;
  /** The synapse zoom's legend, whose NBQX entry follows the run shown as the micro scene's NBQX does. */
  microLegend: ConditionedLegend;
  layers: LayerToggles;
}

/** Build the view inside the anywidget element `el`. */
export function createViewDom(el: HTMLElement): ViewDom {
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

  const circuit = svgEl("svg", {
    class: "keta-scene keta-view keta-view-circuit",
    viewBox: `0 0 ${VIEW.width} ${VIEW.height}`,
    role: "img",
    "aria-label": "Synapse diagram: a presynaptic terminal releases glutamate into the cleft, where ketamine " +
      "plugs NMDA receptors; AMPA receptors let Na+ into the spine, whose signalling gauges (eEF2, BDNF, " +
      "TrkB, mTORC1) lead to BDNF binding TrkB and new spines along the dendrite; a GABAergic interneuron, " +
      "its NMDA receptors plugged harder, inhibits the dendrite. The numbers are in the readout below.",
  }, stage);
  const scene = createScene(circuit);
  const synapse = svgEl("svg", {
    class: "keta-scene keta-view keta-view-synapse",
    viewBox: `0 0 ${VIEW.width} ${VIEW.height}`,
    role: "img",
    "aria-label": "One synapse at millisecond time: a glutamate pulse in the cleft opens AMPA channels " +
      "(Na+ in) and NMDA channels, whose pores hold Mg2+ and trapped ketamine; traces show the spine " +
      "voltage and the currents. The run's moment and brain ketamine are written at the top.",
  }, stage);
  const microScene = createMicroScene(synapse);
  const layers = createLayerToggles(root);
  root.appendChild(layers.element);
  const legend = createLegend();
  root.appendChild(legend.element);
  const microLegend = createMicroLegend();
  root.appendChild(microLegend.element);

  return { root, stage, circuit, scene, legend, synapse, microScene, microLegend, layers };
}
