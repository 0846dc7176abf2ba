/**
 * The names and colours GIS software keeps beside a categorical raster: GDAL's `.aux.xml`
 * (PAMDataset CategoryNames) and QGIS's `.qml` style, read with fast-xml-parser.
 */
import { promises as fs } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { qmlPathOf } from './geotiff-write.js';

/** Class names and colours found beside a raster, and where. */
export interface CategoryNames {
  readonly names: Map<number, string>;
  readonly colors: Map<number, string>;
  readonly source: 'aux.xml' | 'qml' | 'codes';
}

/**
 * Class names (and colours) of a categorical raster from `<raster>.aux.xml` (GDAL's CategoryNames,
 * the index being the code) or else a `<raster>.qml` beside it (QGIS paletted or pseudocolour
 * entries); `source: 'codes'` when neither names them.
 * @example const { names } = await readCategoryNames('nlcd.tif', 1); names.get(41) // 'Deciduous forest'
 */
export async function readCategoryNames(file: string, band: number): Promise<CategoryNames> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['PAMRasterBand', 'Category', 'paletteEntry', 'item'].includes(name),
  });
  const aux = await readText(`${file}.aux.xml`);
  if (aux) {
    const doc = parser.parse(aux) as {
      PAMDataset?: { PAMRasterBand?: { '@band'?: string; CategoryNames?: { Category?: unknown[] } }[] };
    };
    const bands = doc.PAMDataset?.PAMRasterBand ?? [];
    const entry = bands.find((b) => Number(b['@band'] ?? 1) === band) ?? bands[0];
    const categories = entry?.CategoryNames?.Category ?? [];
    const names = new Map<number, string>();
    categories.forEach((name, code) => {
      const text = typeof name === 'string' || typeof name === 'number' ? String(name).trim() : '';
      if (text !== '') names.set(code, text);
    });
    if (names.size > 0) return { names, colors: new Map(), source: 'aux.xml' };
  }
  const qml = await readText(qmlPathOf(file));
  if (qml) {
    const doc = parser.parse(qml) as Record<string, unknown>;
    const entries = [...findAll(doc, 'paletteEntry'), ...findAll(doc, 'item')];
    const names = new Map<number, string>();
    const colors = new Map<number, string>();
    for (const entry of entries) {
      const value = Number(entry['@value']);
      if (!Number.isInteger(value)) continue;
      if (typeof entry['@label'] === 'string' && entry['@label'].trim() !== '')
        names.set(value, entry['@label'].trim());
      if (typeof entry['@color'] === 'string' && /^#[0-9a-f]{6}/i.test(entry['@color']))
        colors.set(value, entry['@color'].slice(0, 7).toLowerCase());
    }
    if (names.size > 0) return { names, colors, source: 'qml' };
  }
  return { names: new Map(), colors: new Map(), source: 'codes' };
}

function findAll(node: unknown, key: string): Record<string, unknown>[] {
  if (typeof node !== 'object' || node === null) return [];
  const out: Record<string, unknown>[] = [];
  for (const [k, v] of Object.entries(node)) {
    if (k === key && Array.isArray(v))
      out.push(...(v.filter((x) => typeof x === 'object' && x !== null) as Record<string, unknown>[]));
    else out.push(...findAll(v, key));
  }
  return out;
}

async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}
