/**
 * Number formatting for people and for machines. The readout and the live region speak to a class
 * (so times switch between minutes, hours and days, and concentrations between nM and µM), while the
 * root element's data-* attributes speak to tests and embedding pages (so they are plain decimal
 * strings with a fixed number of significant digits, never exponent notation). Missing or non-finite
 * values are shown as an em dash rather than as a made-up number.
 */

/** What the display shows where a value is absent (channel missing or not a finite number). */
export const MISSING = "\u2014";

function isNum(x: number | undefined): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/** Fixed decimals without trailing zeros: 3.50 -> "3.5", 2.0 -> "2". */
function trimFixed(x: number, decimals: number): string {
  const s = x.toFixed(decimals);
  const trimmed = s.includes(".") ? s.replace(/\.?0+$/, "") : s;
  // toFixed can round a tiny negative value to "-0"; a clock or dose reads better as "0".
  return trimmed === "-0" ? "0" : trimmed;
}

/**
 * A plain decimal string rounded to `sig` significant digits (default 4), with no exponent and no
 * trailing zeros: 0.000123456 -> "0.0001235", 123456 -> "123500". Used for the data-* attributes,
 * which tests parse with parseFloat.
 */
export function toDecimalString(x: number, sig = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  const decimals = sig - 1 - magnitude;
  if (decimals >= 0) {
    // toFixed accepts at most 100 decimals; anything that small is 0 for our purposes anyway.
    return trimFixed(x, Math.min(decimals, 100));
  }
  // Integer digits beyond `sig` become zeros; BigInt because toFixed switches to exponents at 1e21.
  return (BigInt(Math.round(x / 10 ** -decimals)) * 10n ** BigInt(-decimals)).toString();
}

/** The playhead as a decimal string: micro-hour precision (3.6 ms) is far below one frame of sim time. */
export function timeAttr(hours: number): string {
  return trimFixed(hours, 6);
}

/**
 * A time in hours as a classroom reads it: "45 s", "12 min", "3.5 h", "2 d 4 h". Rounding is done
 * before choosing the unit, so 59.8 min becomes "1 h" rather than "60 min".
 */
export function formatClock(hours: number | undefined): string {
  if (!isNum(hours)) return MISSING;
  const sign = hours < 0 ? "-" : "";
  const h = Math.abs(hours);
  const seconds = Math.round(h * 3600);
  if (seconds < 60) return `${sign}${seconds} s`;
  const minutes = Math.round(h * 60);
  if (minutes < 60) return `${sign}${minutes} min`;
  const tenths = Math.round(h * 10) / 10;
  if (tenths < 24) return `${sign}${trimFixed(tenths, 1)} h`;
  const wholeHours = Math.round(h);
  const days = Math.floor(wholeHours / 24);
  const rest = wholeHours % 24;
  return rest === 0 ? `${sign}${days} d` : `${sign}${days} d ${rest} h`;
}

/**
 * A time to the second, as a reader stepping through a run sample by sample needs it: "45 s",
 * "12 min 30 s", "2 h 27 min 30 s", "1 d 20 h 5 min". formatClock's "2.5 h" stays the same for a dozen
 * of the run's 30-s samples, so a screen reader stepping with the arrow keys heard one time over and
 * over while the values changed (review). Parts that are zero are left out.
 */
export function formatClockFine(hours: number | undefined): string {
  if (!isNum(hours)) return MISSING;
  const sign = hours < 0 ? "-" : "";
  let seconds = Math.round(Math.abs(hours) * 3600);
  const parts: string[] = [];
  for (const [unit, size] of [["d", 86400], ["h", 3600], ["min", 60]] as const) {
    const whole = Math.floor(seconds / size);
    seconds -= whole * size;
    if (whole > 0) parts.push(`${whole} ${unit}`);
  }
  if (seconds > 0 || parts.length === 0) parts.push(`${seconds} s`);
  return sign + parts.join(" ");
}

/** Three significant digits for display, without exponent notation. */
function sig3(x: number): string {
  return toDecimalString(x, 3);
}

/**
 * Exactly three significant digits, trailing zeros kept: 0.33 -> "0.330", 1 -> "1.00", 42.34 ->
 * "42.3", 150.4 -> "150", 1234 -> "1230". A quantity shown in two places then reads with the same
 * precision in both ("0.336" beside "0.330", never beside "0.33").
 */
function fixedSig3(x: number): string {
  const rounded = Number(x.toPrecision(3)); // rounding first: 99.96 is "100", not "100.0"
  if (rounded === 0) return "0";
  const decimals = 2 - Math.floor(Math.log10(Math.abs(rounded)));
  return decimals > 0 ? rounded.toFixed(Math.min(decimals, 100)) : sig3(rounded);
}

/**
 * A concentration given in µM, always with three significant digits ("0.330 µM", not "0.33 µM").
 * Below 0.1 µM it switches to nM so a falling level does not turn into a row of zeros ("42.3 nM"
 * rather than "0.0423 µM").
 */
export function formatConcentration(uM: number | undefined): string {
  if (!isNum(uM)) return MISSING;
  if (uM === 0) return "0 \u00b5M";
  // Below a picomolar the digits are numerical tail, not pharmacology.
  if (Math.abs(uM) < 1e-6) return uM > 0 ? "< 0.001 nM" : "0 \u00b5M";
  if (Math.abs(uM) < 0.1) return `${fixedSig3(uM * 1000)} nM`;
  return `${fixedSig3(uM)} \u00b5M`;
}

/**
 * A fraction 0..1 as a percentage: whole percent from 10 % up, one decimal below (a 4.2 % block is
 * worth distinguishing from 4 %, a 63.4 % block is not).
 */
export function formatPercent(fraction: number | undefined): string {
  if (!isNum(fraction)) return MISSING;
  const pct = fraction * 100;
  const text = Math.abs(pct) >= 10 ? pct.toFixed(0) : trimFixed(pct, 1);
  return `${text === "-0" ? "0" : text}%`;
}

/** A playback speed (simulated hours per wall-clock second) as "6 min/s", "1 h/s", "2 d/s". */
export function formatSpeed(hoursPerSecond: number): string {
  if (!isNum(hoursPerSecond)) return MISSING;
  if (hoursPerSecond < 1) return `${sig3(hoursPerSecond * 60)} min/s`;
  if (hoursPerSecond < 24) return `${sig3(hoursPerSecond)} h/s`;
  return `${sig3(hoursPerSecond / 24)} d/s`;
}

/** How formatChange writes a change that rounds to zero: "0%" alone read to students as "none". */
export const NO_CHANGE = "\u00b10%";

/**
 * A relative level (1 = drug-free baseline) as a change from baseline: 1.28 -> "+28%", 0.779 ->
 * "\u221222%", 1.027 -> "+2.7%", 3.28 -> "+228%". Same rounding as formatPercent; a change that rounds
 * to zero is "\u00b10%" (NO_CHANGE: at baseline, not "none"), and the minus is a true minus sign,
 * which screen readers say as "minus". Every relative readout (scene labels, gauges, the readout line,
 * the live region, the story's captions) is written by this function.
 */
export function formatChange(rel: number | undefined): string {
  if (!isNum(rel)) return MISSING;
  const pct = (rel - 1) * 100;
  const text = Math.abs(pct) >= 10 ? Math.abs(pct).toFixed(0) : trimFixed(Math.abs(pct), 1);
  if (text === "0") return NO_CHANGE;
  return `${pct > 0 ? "+" : "\u2212"}${text}%`;
}

/**
 * A firing rate in Hz with three significant digits: "3.74 Hz", "14 Hz", "0.574 Hz". Below a spike
 * in 1000 s a cell is silent for any lesson, and the digits would be numerical tail: "< 0.001 Hz".
 */
export function formatRate(hz: number | undefined): string {
  if (!isNum(hz)) return MISSING;
  if (hz !== 0 && Math.abs(hz) < 1e-3) return hz > 0 ? "< 0.001 Hz" : "0 Hz";
  return `${sig3(hz)} Hz`;
}
