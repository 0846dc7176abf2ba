/**
 * Homes within walking distance of green space. WHO Regional Office for Europe (2016, *Urban green
 * spaces and health*): green space of at least 0.5–1 ha within 300 m of every home.
 */
import { classAccessIndicator } from './class-access.js';

export default classAccessIndicator({
  type: 'greenAccess',
  flag: 'green',
  label: 'Homes within walking distance of green space',
  what: 'green',
  docsFormula: '`100 · #{housing i : dist(i, green) ≤ D} / H`',
  docsParameters: '`distance` D (500 m), `classes` (those with `green: true`)',
});
