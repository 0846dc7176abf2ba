/**
 * Plain-text descriptions of every sub-indicator, for reports and the desktop app: a label, the
 * formula (the same as docs/objectives.md, in one line) and how to read it. Keep in step with
 * compile.ts and evaluator.ts.
 */
import type { IndicatorType } from '../scenario/types.js';

export interface IndicatorDescription {
  readonly label: string;
  readonly formula: string;
}

export const INDICATOR_DESCRIPTIONS: Readonly<Record<IndicatorType, IndicatorDescription>> = {
  landValue: {
    label: 'Land value, adjusted by accessibility',
    formula: 'Σ cells a · V[class] · ((1 − s) + s · exp(−d / λ)) / 1000, d = distance to the access layer',
  },
  conversionCost: { label: 'Cost of converting land from today’s use', formula: '− Σ cells a · C[today][new] / 1000' },
  developmentCost: {
    label: 'Development cost on steep or remote land',
    formula: '− Σ newly built cells a · (p_deg · slope + p_km · distance to road / 1000) / 1000',
  },
  greenAccess: {
    label: 'Homes within walking distance of green space',
    formula: '100 · #{housing cells within D of green} / #housing cells',
  },
  serviceAccess: {
    label: 'Homes within walking distance of shops and services',
    formula: '100 · #{housing cells within D of services} / #housing cells',
  },
  amenityAccess: {
    label: 'Homes within reach of schools and transit',
    formula: '100 · Σ housing cells (share of amenity layers within D) / #housing cells',
  },
  housingSupply: {
    label: 'New housing against the need',
    formula: '100 · min(1, new housing cells · a · density / dwellings needed)',
  },
  compatibility: {
    label: 'Neighbourhood compatibility',
    formula: '100 · Σ 8-adjacent cell pairs S[class i][class j] / #pairs, S in [−1, 1]',
  },
  habitatValue: {
    label: 'Ecological value kept',
    formula: 'Σ cells a · h[class] · q, q = optional habitat-quality layer',
  },
  habitatCore: {
    label: 'Core habitat (compact, unfragmented nature)',
    formula: 'a · #{natural cells whose 8 neighbours are all natural}',
  },
  floodExposure: {
    label: 'Built-up land in the flood zone (penalty)',
    formula: '− a · #{built cells in the flood layer}',
  },
  protectedEdge: {
    label: 'Built-up land next to protected areas (penalty)',
    formula: '− a · #{built cells within D of a protected area}',
  },
  carbon: { label: 'Carbon stock', formula: 'Σ cells a · κ[class] (t C)' },
  changedArea: {
    label: 'Land changed from today’s use (penalty)',
    formula: '− a · #{cells whose class differs from today’s}',
  },
  conversionResistance: {
    label: 'Change of land that resists it (penalty)',
    formula: '− Σ changed cells a · r[today’s class], r = resistance 0..1',
  },
};

/** The plain-language name of a sub-indicator type (the type itself when it is not a known one). */
export function indicatorLabel(type: string): string {
  return (INDICATOR_DESCRIPTIONS as Readonly<Record<string, IndicatorDescription | undefined>>)[type]?.label ?? type;
}
