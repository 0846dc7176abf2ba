import { describe, expect, it } from 'vitest';
import {
  decimalsFor,
  escapeHtml,
  possessive,
  formatDateTime,
  formatDistance,
  formatDuration,
  formatFixed,
  formatHa,
  formatHaChange,
} from '../../../engine/src/report/format.js';
import { markLetter } from '../../../engine/src/charts/highlights.js';

describe('report number formatting', () => {
  it('prints hectares with one decimal and thousands separators', () => {
    expect(formatHa(1234.56)).toBe('1,234.6');
    expect(formatHa(0)).toBe('0.0');
    expect(formatHa(-3)).toBe('\u22123.0');
  });

  it('never prints a negative zero and signs changes', () => {
    expect(formatFixed(-0.0001, 1)).toBe('0.0');
    expect(formatHaChange(12.5)).toBe('+12.5');
    expect(formatHaChange(-2)).toBe('\u22122.0');
    expect(formatHaChange(0.01)).toBe('0.0');
  });

  it('chooses decimals from the spread of the values', () => {
    expect(decimalsFor([18, 45])).toBe(1);
    expect(decimalsFor([0.42, 0.83])).toBe(3);
    expect(decimalsFor([1200, 5400])).toBe(0);
    expect(decimalsFor([7, 7])).toBe(2);
    expect(decimalsFor([])).toBe(0);
  });

  it('formats distances, durations and dates for people', () => {
    expect(formatDistance(500)).toBe('500 m');
    expect(formatDistance(2000)).toBe('2 km');
    expect(formatDistance(1500)).toBe('1.5 km');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(7500)).toBe('2 h 05 min');
    expect(formatDateTime('2025-03-14T09:30:00Z')).toBe('14 March 2025, 09:30 UTC');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('escapes HTML and letters marks A…Z, AA…', () => {
    expect(escapeHtml(`<a href="x">O'Neil & co</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;');
    expect([0, 1, 25, 26, 27].map(markLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB']);
  });

  it('writes possessives of party names: an apostrophe alone after a final s', () => {
    expect(possessive('City council')).toBe('City council’s');
    expect(possessive('Developers')).toBe('Developers’');
    expect(possessive('Residents’ association')).toBe('Residents’ association’s');
  });
});
