/** Homes within walking distance of shops and services. */
import { classAccessIndicator } from './class-access.js';

export default classAccessIndicator({
  type: 'serviceAccess',
  flag: 'services',
  label: 'Homes within walking distance of shops and services',
  what: 'services',
  docsFormula: 'same with service classes',
  docsParameters: '`distance` (500 m), `classes` (`services: true`)',
});
