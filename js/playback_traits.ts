/**
 * What the playback traits may hold (docs/wire-format.md): `time_h`, `playing`, `speed` and `log_time`,
 * one check per trait, with the kernel's own rules (ketawidget/widget/synapse_view.py, the checks of
 * `_browser_checks`). The view checks the values it opens with (a saved page's state, a notebook's) and
 * every later change, so a value the kernel would refuse shows the error state, naming the trait and
 * what it may hold, instead of playing as something else (at 1 h/s, from 0, or paused).
 */

import { SPEED_RANGE_H_PER_S, validSpeed } from "./player";

/**
 * A playback trait (or a playback message) holds a value the kernel would refuse. The run itself may be
 * fine: the error it shows ends with the next good value.
 */
export class PlaybackTraitError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "PlaybackTraitError";
  }
}

const [SLOWEST, FASTEST] = SPEED_RANGE_H_PER_S;

/** What each trait may hold, with its unit, as the kernel's messages say it (booleans as the wire writes them). */
const ALLOWED = {
  time_h: "a number of hours from 0 (a time past the run's end stops at the end)",
  playing: "true or false",
  speed: `a number from ${+SLOWEST.toPrecision(6)} to ${FASTEST} h/s`,
  log_time: "true or false",
} as const;

type PlaybackTrait = keyof typeof ALLOWED;

/** `value` as the message shows it: a string quoted, so that "1" and 1 read apart. */
function shown(value: unknown): string {
  if (value === undefined) return "no value";
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** `source` names where the value came from when it was not the trait itself ("seek message: "). */
function refuse(trait: PlaybackTrait, value: unknown, source: string): never {
  throw new PlaybackTraitError(`${source}${trait} must be ${ALLOWED[trait]}; got ${shown(value)}`);
}

/** Whether `t` is a playhead time the kernel accepts: a finite number of hours from 0. */
export function validTimeH(t: unknown): t is number {
  return typeof t === "number" && Number.isFinite(t) && t >= 0;
}

/** The playhead time `value`; past the run's end is valid (the player stops it at the end, as Python). */
export function checkTimeH(value: unknown, source = ""): number {
  if (!validTimeH(value)) refuse("time_h", value, source);
  return value;
}

export function checkPlaying(value: unknown, source = ""): boolean {
  if (typeof value !== "boolean") refuse("playing", value, source);
  return value;
}

export function checkSpeed(value: unknown): number {
  if (!validSpeed(value)) refuse("speed", value, "");
  return value;
}

/** Whether the view shows log time; an absent trait (a state saved before it existed) is linear time. */
export function checkLogTime(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") refuse("log_time", value, "");
  return value;
}

/** Check the four playback traits `get` reads, in the wire table's order; throws at the first refused. */
export function checkPlaybackTraits(get: (trait: PlaybackTrait) => unknown): void {
  checkTimeH(get("time_h"));
  checkPlaying(get("playing"));
  checkSpeed(get("speed"));
  checkLogTime(get("log_time"));
}
