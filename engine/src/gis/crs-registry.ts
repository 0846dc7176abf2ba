/**
 * The EPSG registry as the `epsg-index` package holds it (one JSON file per code, read on demand),
 * and the proj4-string helpers the identification and transformation modules share.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CrsUnits } from './crs.js';

/** One entry of the EPSG registry (the epsg-index package's per-code file). */
export interface EpsgEntry {
  readonly code: string;
  readonly kind: string;
  readonly name: string;
  readonly wkt: string;
  readonly proj4: string;
  readonly unit: string | null;
  readonly bbox: readonly [number, number, number, number] | null;
}

const requireFromHere = createRequire(import.meta.url);

/** Every entry of the registry (epsg-index's all.json, about 5 MB: read only to identify a definition). */
export function allRegistryEntries(): Record<string, { name: string; kind: string; proj4: string }> {
  return JSON.parse(readFileSync(requireFromHere.resolve('epsg-index/all.json'), 'utf8')) as Record<
    string,
    { name: string; kind: string; proj4: string }
  >;
}

const entryCache = new Map<number, EpsgEntry | null>();

export function epsgEntry(code: number): EpsgEntry | null {
  if (!Number.isSafeInteger(code) || code <= 0) return null;
  const cached = entryCache.get(code);
  if (cached !== undefined) return cached;
  let entry: EpsgEntry | null;
  try {
    const file = requireFromHere.resolve(`epsg-index/s/${code}.json`);
    entry = JSON.parse(readFileSync(file, 'utf8')) as EpsgEntry;
  } catch {
    entry = null; // not in the registry
  }
  entryCache.set(code, entry);
  return entry;
}

export function kindOf(entry: EpsgEntry): 'projected' | 'geographic' | null {
  if (entry.kind === 'CRS-PROJCRS') return 'projected';
  if (entry.kind === 'CRS-GEOGCRS' || entry.kind === 'CRS-GEOG3DCRS') return 'geographic';
  return null;
}

export function unitsOf(unit: string | null | undefined, kind: 'projected' | 'geographic'): CrsUnits {
  const text = (unit ?? '').toLowerCase();
  if (kind === 'geographic' || text.startsWith('degree')) return 'degree';
  if (text === 'metre' || text === 'meter' || text === '') return 'metre';
  if (text.includes('us survey foot') || text.includes('us_survey_foot')) return 'US survey foot';
  if (text.includes('foot') || text.includes('feet')) return 'foot';
  return 'unknown';
}

/** A proj4 string without its datum terms (`+towgs84`, `+nadgrids`, `+datum`), keeping the ellipsoid. */
export function withoutDatumShift(definition: string): string {
  let text = definition.replace(/\s\+(towgs84|nadgrids)=\S+/g, '').replace(/\s\+type=crs/g, '');
  const datum = /\s\+datum=(\S+)/.exec(text);
  if (datum) {
    const ellipsoid = DATUM_ELLIPSOIDS[datum[1]!.toLowerCase()] ?? 'WGS84';
    text = text.replace(datum[0], ` +ellps=${ellipsoid}`);
  }
  return text;
}

/** The ellipsoid of every `+datum=` value epsg-index uses. */
const DATUM_ELLIPSOIDS: Readonly<Record<string, string>> = {
  wgs84: 'WGS84',
  nad83: 'GRS80',
  nad27: 'clrk66',
  potsdam: 'bessel',
  carthage: 'clrk80ign',
  hermannskogel: 'bessel',
  ire65: 'mod_airy',
  nzgd49: 'intl',
  osgb36: 'airy',
  ggrs87: 'GRS80',
};

export function lonLatOf(base: string): string {
  const ellps = /\+ellps=(\S+)/.exec(base)?.[1];
  const a = /\+a=(\S+)/.exec(base)?.[1];
  const b = /\+b=(\S+)/.exec(base)?.[1];
  const figure = ellps ? `+ellps=${ellps}` : a ? `+a=${a}${b ? ` +b=${b}` : ''}` : '+ellps=WGS84';
  return `+proj=longlat ${figure} +no_defs`;
}

/** The geodetic CRS (datum) a registry CRS is based on: its own code, or its GEOGCS's AUTHORITY. */
export function baseGeodeticCode(entry: EpsgEntry): number | null {
  if (kindOf(entry) === 'geographic') return Number(entry.code);
  const start = entry.wkt.search(/(GEOGCS|BASEGEOGCRS)\[/);
  if (start < 0) return null;
  // The identifier at the GEOGCS's own level (depth 1), not those of its datum, meridian or unit.
  let depth = 0;
  let code: number | null = null;
  for (let i = entry.wkt.indexOf('[', start); i < entry.wkt.length; i++) {
    const char = entry.wkt[i];
    if (char === '[') {
      depth++;
      if (depth === 2) {
        const id = /^(?:AUTHORITY|ID)\["EPSG",\s*"?(\d+)"?\]/.exec(entry.wkt.slice(entry.wkt.lastIndexOf(',', i) + 1));
        if (id) code = Number(id[1]);
      }
    } else if (char === ']' && --depth === 0) break;
  }
  return code;
}
