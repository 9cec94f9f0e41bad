/**
 * Layer toggles: buttons that show or hide groups of the scene (Na+ ions, labels, free ketamine
 * molecules, the interneuron), so a teacher can strip the picture down to what the lesson is about or
 * hide the labels and ask the class to name the actors. Each is a native button with aria-pressed (so
 * keyboard and screen readers get a toggle for free) whose accessible name is its visible text. Hiding is
 * done by a class on the diagram's root and CSS (`.keta-hide-<layer> .keta-layer-<layer>`); the actors
 * keep drawing, so showing a layer again shows the current state at once.
 */

export interface Layer {
  id: "ions" | "labels" | "ketamine" | "interneuron";
  text: string;
  title: string;
}

export const LAYERS: Layer[] = [
  { id: "ions", text: "Ions", title: "Na\u207a ions entering through AMPA receptors" },
  { id: "labels", text: "Labels", title: "Names and values in the diagram" },
  { id: "ketamine", text: "Ketamine", title: "Free ketamine molecules (the plugs in NMDA receptors stay)" },
  { id: "interneuron", text: "Interneuron", title: "The GABAergic interneuron and its synapse on the dendrite" },
];

/** The class on the elements of a layer (CSS hides them while the root has hiddenClass). */
export function layerClass(id: Layer["id"]): string {
  return `keta-layer-${id}`;
}

/**
 * The layers that hold any part of the actors `ids` under `scope`: a layer element inside an actor's
 * group (its Na+ ions, its labels) or around it (the interneuron's group is the layer). Found in the
 * drawn DOM rather than listed, so a layer class added to an actor later is covered without a table to
 * keep in step. A story step re-shows these, since a caption must not point at something hidden.
 */
export function layersHolding(scope: ParentNode, ids: readonly string[]): Array<Layer["id"]> {
  const groups = [...scope.querySelectorAll("[data-actor], [data-actor-part]")].filter((node) =>
    ids.includes(node.getAttribute("data-actor") ?? node.getAttribute("data-actor-part") ?? ""));
  return LAYERS.filter((layer) => {
    const cls = layerClass(layer.id);
    return groups.some((g) => g.classList.contains(cls) || g.closest(`.${cls}`) !== null || g.querySelector(`.${cls}`) !== null);
  }).map((layer) => layer.id);
}

/** The class on the root that hides a layer. */
export function hiddenClass(id: Layer["id"]): string {
  return `keta-hide-${id}`;
}

export interface LayerToggles {
  element: HTMLElement;
  /** Show every layer again (Reset). */
  showAll(): void;
  /** Show the layers named (a story step whose actors a teacher had hidden). */
  show(ids: Array<Layer["id"]>): void;
  destroy(): void;
}

export function createLayerToggles(root: HTMLElement): LayerToggles {
  const element = document.createElement("div");
  element.className = "keta-layers";
  element.setAttribute("role", "group");
  element.setAttribute("aria-label", "Layers shown in the diagram");
  const caption = document.createElement("span");
  caption.className = "keta-layers-caption";
  caption.textContent = "show";
  caption.setAttribute("aria-hidden", "true");
  element.appendChild(caption);

  const listeners: Array<[HTMLButtonElement, () => void]> = LAYERS.map((layer) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `keta-layer-toggle keta-layer-toggle-${layer.id}`;
    button.textContent = layer.text;
    button.title = layer.title;
    button.setAttribute("aria-pressed", "true");
    element.appendChild(button);
    const onClick = () => {
      const shown = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", String(shown));
      root.classList.toggle(hiddenClass(layer.id), !shown);
    };
    button.addEventListener("click", onClick);
    return [button, onClick];
  });

  return {
    element,
    showAll() {
      this.show(LAYERS.map((layer) => layer.id));
    },
    show(ids) {
      LAYERS.forEach((layer, i) => {
        if (!ids.includes(layer.id)) return;
        listeners[i][0].setAttribute("aria-pressed", "true");
        root.classList.remove(hiddenClass(layer.id));
      });
    },
    destroy() {
      for (const [button, fn] of listeners) button.removeEventListener("click", fn);
    },
  };
}
