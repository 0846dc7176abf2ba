/** Number formatting for tables and labels: a few significant digits, thin thousands separators. */
const formatters = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  let f = formatters.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
    formatters.set(digits, f);
  }
  return f.format(value);
}

/** Digits that suit a value's size: 1,234 / 12.3 / 0.123. */
export function formatAuto(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const a = Math.abs(value);
  return formatNumber(value, a >= 1000 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
}

export function formatSigned(value: number): string {
  const s = formatAuto(value);
  return value > 0 ? `+${s}` : s;
}

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
