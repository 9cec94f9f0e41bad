/**
 * The lab's hover tooltips write a line's value with a d3 format (ketawidget/widget/charts.py,
 * `HOVER_VALUE_FORMAT` ",.3r" and `HOVER_PERCENT_FORMAT` ".2~p"), and a saved page's charts are given
 * the same format strings in their declarations, so a value reads the same in both. This is the part
 * of d3-format's grammar those strings use, written as d3-format writes it (its `formatRounded`,
 * `formatTrim` and grouping): `[,][.precision][~]` and the type `r` (significant digits, in decimal
 * notation) or `p` (a percentage, to significant digits). The whole of d3-format would add some
 * 5 kB to every saved page for two strings; any other specifier is refused by name, so a format
 * Python starts writing one day fails loudly here instead of reading wrong.
 */

/** A d3 format specifier this module does not write: the message names it. */
export class ValueFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ValueFormatError";
  }
}

const SPECIFIER = /^(,)?(?:\.(\d+))?(~)?([rp])$/;
/** The minus sign of the d3-format that bqplot ships (its locale's: a hyphen, not U+2212). */
const MINUS = "-";

/** `x` to `digits` significant digits in decimal notation, as d3's `formatRounded`: never an exponent. */
function rounded(x: number, digits: number): string {
  const [mantissa, exponentText] = x.toExponential(digits - 1).split("e");
  const coefficient = mantissa.replace(".", "");
  const exponent = Number(exponentText);
  if (exponent < 0) return `0.${"0".repeat(-exponent - 1)}${coefficient}`;
  if (coefficient.length > exponent + 1) return `${coefficient.slice(0, exponent + 1)}.${coefficient.slice(exponent + 1)}`;
  return coefficient + "0".repeat(exponent + 1 - coefficient.length);
}

/** Trailing zeros of the decimals dropped, and the point with them ("48.0" -> "48", "5.70" -> "5.7"). */
function trimmed(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** The integer digits grouped in threes with commas ("1440.5" -> "1,440.5"). */
function grouped(text: string): string {
  const point = text.indexOf(".");
  const whole = point < 0 ? text : text.slice(0, point);
  return whole.replace(/\B(?=(\d{3})+$)/g, ",") + (point < 0 ? "" : text.slice(point));
}

/**
 * The function that writes a number as the d3 format `specifier` does, for the specifiers described
 * above; throws ValueFormatError for any other. Not a finite number reads as d3 writes it ("NaN").
 */
export function valueFormatter(specifier: string): (value: number) => string {
  const parts = SPECIFIER.exec(specifier);
  if (parts === null) {
    throw new ValueFormatError(`the value format ${JSON.stringify(specifier)} is not one the saved page can write (it writes [,][.digits][~] then r or p)`);
  }
  const [, comma, precision, tilde, type] = parts;
  // d3's default precision is 6; significant digits are from 1 to 21.
  const digits = Math.max(1, Math.min(21, precision === undefined ? 6 : Number(precision)));
  const percent = type === "p";
  return (value) => {
    if (!Number.isFinite(value)) return String(value);
    const scaled = Math.abs(percent ? value * 100 : value);
    let text = rounded(scaled, digits);
    if (tilde !== undefined) text = trimmed(text);
    if (comma !== undefined) text = grouped(text);
    // As d3: a negative value that rounds to zero is written without its sign.
    const negative = value < 0 && Number(text.replace(/,/g, "")) !== 0;
    return `${negative ? MINUS : ""}${text}${percent ? "%" : ""}`;
  };
}
