/**
 * Number, date and text formatting for the report. Pure functions, no Node imports, so the
 * desktop app can format values the same way.
 */

const LOCALE = 'en-GB';

const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(minDecimals: number, maxDecimals: number): Intl.NumberFormat {
  const key = `${minDecimals}:${maxDecimals}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(LOCALE, {
      minimumFractionDigits: minDecimals,
      maximumFractionDigits: maxDecimals,
      useGrouping: true,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** A minus sign that typesets like a minus (U+2212), not a hyphen. */
function withTypographicMinus(text: string): string {
  return text.startsWith('-') ? `\u2212${text.slice(1)}` : text;
}

/**
 * A number with a fixed count of decimals and thousands separators.
 * @example formatFixed(12345.678, 1) // '12,345.7'
 */
export function formatFixed(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return '–';
  const text = numberFormat(decimals, decimals).format(value);
  // Intl can print "-0.0" for tiny negatives; a report should not.
  return withTypographicMinus(/^-0(\.0+)?$/.test(text) ? text.slice(1) : text);
}

/** Hectares with one decimal and thousands separators: `1,234.5`. */
export function formatHa(value: number): string {
  return formatFixed(value, 1);
}

/** A signed hectare change: `+12.5`, `−3.0`, `0.0`. */
export function formatHaChange(value: number): string {
  const text = formatHa(value);
  return value > 0 && text !== '0.0' ? `+${text}` : text;
}

/** A share in percent with one decimal: `12.5 %`. */
export function formatPercent(fraction: number, decimals = 1): string {
  return `${formatFixed(fraction * 100, decimals)} %`;
}

/**
 * Decimals that make differences between the given values visible without false precision:
 * about three significant digits of the spread (or of the magnitude when all values are equal).
 * @example decimalsFor([12.31, 18.77, 40.2]) // 1
 */
export function decimalsFor(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return 0;
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const reference = max - min > 0 ? max - min : Math.max(Math.abs(max), Math.abs(min));
  if (reference === 0) return 0;
  const decimals = 2 - Math.floor(Math.log10(reference));
  return Math.min(6, Math.max(0, decimals));
}

/** Formats a value with the decimals chosen for its series (see {@link decimalsFor}). */
export function formatValue(value: number, decimals: number): string {
  return formatFixed(value, decimals);
}

/** An integer with thousands separators: `12,000`. */
export function formatCount(value: number): string {
  return formatFixed(value, 0);
}

/** Seconds as `42 s`, `3 min 20 s` or `2 h 05 min`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 60) return `${formatFixed(seconds, seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/**
 * An ISO timestamp as a readable date and time in UTC, e.g. `14 March 2025, 09:30 UTC`.
 * Returns the text unchanged when it is not a date.
 */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' });
  return `${day.format(date)}, ${time.format(date)} UTC`;
}

/** A length in metres as `250 m` or `1.5 km`. */
export function formatDistance(metres: number): string {
  if (metres >= 1000) return `${formatFixed(metres / 1000, metres % 1000 === 0 ? 0 : 1)} km`;
  return `${formatFixed(metres, 0)} m`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** Scenario labels often end with their unit, "Economic return (M€)"; the report shows units itself. */
export function splitLabel(text: string): { label: string; unit: string } {
  const unit = /\(([^)]+)\)\s*$/.exec(text);
  return unit ? { label: text.slice(0, unit.index).trim(), unit: unit[1]! } : { label: text, unit: '' };
}

/**
 * The English possessive of a name: an apostrophe alone after a plural ending in s.
 * @example possessive('City council') // 'City council’s'; possessive('Developers') // 'Developers’'
 */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}’` : `${name}’s`;
}
