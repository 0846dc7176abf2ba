/**
 * What `paretoplan init` knows about land-cover maps: the planning role of a class (housing,
 * forest, water...) with starting values for the indicators, the published legends of NLCD,
 * CORINE Land Cover and ESA WorldCover (codes, names, colours) grouped into planning classes, and
 * keywords that give a role to classes of other maps from their names.
 *
 * The starting values are orders of magnitude to be reviewed for each study area (the same scale
 * as the bundled Riverbend scenarios): land value in k€ per ha, habitat value 0..1 per ha, carbon
 * stock in t C per ha (IPCC Tier 1 magnitudes).
 */

/** The planning role of a land-cover class. */
export type LandRole =
  | 'housing'
  | 'services'
  | 'built'
  | 'infrastructure'
  | 'park'
  | 'forest'
  | 'shrubland'
  | 'grassland'
  | 'agriculture'
  | 'wetland'
  | 'water'
  | 'snow-ice'
  | 'barren'
  | 'other';

/** Scenario class flags and starting values of each role. */
export interface RoleDefaults {
  readonly built?: true;
  readonly housing?: true;
  readonly services?: true;
  readonly green?: true;
  readonly natural?: true;
  /** Never changes (water, ice, transport networks). */
  readonly fixed?: true;
  readonly landValue: number;
  readonly habitat: number;
  readonly carbon: number;
}

export const ROLE_DEFAULTS: Readonly<Record<LandRole, RoleDefaults>> = {
  housing: { built: true, housing: true, landValue: 350, habitat: 0.05, carbon: 20 },
  services: { built: true, services: true, landValue: 500, habitat: 0.02, carbon: 10 },
  built: { built: true, landValue: 250, habitat: 0.02, carbon: 5 },
  infrastructure: { built: true, fixed: true, landValue: 0, habitat: 0, carbon: 5 },
  park: { green: true, landValue: 20, habitat: 0.4, carbon: 70 },
  forest: { natural: true, green: true, landValue: 8, habitat: 1, carbon: 150 },
  shrubland: { natural: true, landValue: 3, habitat: 0.7, carbon: 60 },
  grassland: { natural: true, landValue: 5, habitat: 0.6, carbon: 80 },
  agriculture: { landValue: 25, habitat: 0.2, carbon: 55 },
  wetland: { natural: true, landValue: 2, habitat: 1, carbon: 250 },
  water: { fixed: true, landValue: 0, habitat: 0.6, carbon: 0 },
  'snow-ice': { fixed: true, landValue: 0, habitat: 0.3, carbon: 0 },
  barren: { landValue: 2, habitat: 0.2, carbon: 5 },
  other: { landValue: 10, habitat: 0.3, carbon: 30 },
};

/** Roles from class names, first match wins (for maps without a known legend). */
const ROLE_KEYWORDS: readonly (readonly [LandRole, RegExp])[] = [
  ['water', /water|lake|river|sea\b|ocean|reservoir|estuar|lagoon/i],
  ['snow-ice', /snow|ice\b|glacier/i],
  ['wetland', /wetland|marsh|swamp|bog|mangrove|\bfen\b|peat/i],
  ['infrastructure', /road|rail|transport|airport|\bport\b|harbour/i],
  ['services', /commercial|industr|servic|retail|business|centre|center|mixed use/i],
  ['park', /park|green urban|lawn|sport|leisure|recreation|developed,? open/i],
  ['housing', /residential|housing|urban fabric|developed|settlement|built|urban|artificial|dwelling/i],
  ['forest', /forest|wood|tree/i],
  ['shrubland', /shrub|scrub|heath|bush|maquis/i],
  ['agriculture', /crop|cultiv|agri|arable|farm|orchard|vineyard|plantation|pasture|hay/i],
  ['grassland', /grass|herb|meadow|prairie|steppe|moss|lichen|savanna/i],
  ['barren', /barren|bare|rock|sand|desert|quarry|mine|dump/i],
];

/** The role a class name suggests (`other` when none does). */
export function roleOfName(name: string): LandRole {
  return ROLE_KEYWORDS.find(([, pattern]) => pattern.test(name))?.[0] ?? 'other';
}

/** One code of a published legend. */
export interface LegendCode {
  readonly code: number;
  readonly name: string;
  readonly color: string;
}

/** A planning class made of legend codes. */
export interface LegendGroup {
  readonly id: string;
  readonly name: string;
  readonly role: LandRole;
  readonly codes: readonly number[];
}

/** A published land-cover legend. */
export interface Legend {
  readonly id: 'nlcd' | 'corine' | 'corine-index' | 'worldcover';
  readonly name: string;
  readonly codes: readonly LegendCode[];
  readonly groups: readonly LegendGroup[];
}

const code = (c: number, name: string, color: string): LegendCode => ({ code: c, name, color });

/** USGS National Land Cover Database (NLCD) classes and their published colours. */
const NLCD: Legend = {
  id: 'nlcd',
  name: 'NLCD (USGS National Land Cover Database)',
  codes: [
    code(11, 'Open water', '#466b9f'),
    code(12, 'Perennial ice/snow', '#d1def8'),
    code(21, 'Developed, open space', '#dec5c5'),
    code(22, 'Developed, low intensity', '#d99282'),
    code(23, 'Developed, medium intensity', '#eb0000'),
    code(24, 'Developed, high intensity', '#ab0000'),
    code(31, 'Barren land', '#b3ac9f'),
    code(41, 'Deciduous forest', '#68ab5f'),
    code(42, 'Evergreen forest', '#1c5f2c'),
    code(43, 'Mixed forest', '#b5c58f'),
    code(51, 'Dwarf scrub', '#af963c'),
    code(52, 'Shrub/scrub', '#ccb879'),
    code(71, 'Grassland/herbaceous', '#dfdfc2'),
    code(72, 'Sedge/herbaceous', '#d1d182'),
    code(73, 'Lichens', '#a3cc51'),
    code(74, 'Moss', '#82ba9e'),
    code(81, 'Pasture/hay', '#dcd939'),
    code(82, 'Cultivated crops', '#ab6c28'),
    code(90, 'Woody wetlands', '#b8d9eb'),
    code(95, 'Emergent herbaceous wetlands', '#6c9fb8'),
  ],
  groups: [
    { id: 'water', name: 'Water and ice', role: 'water', codes: [11, 12] },
    { id: 'urban-green', name: 'Developed, open space (parks, lawns)', role: 'park', codes: [21] },
    { id: 'housing', name: 'Developed, low and medium intensity (housing)', role: 'housing', codes: [22, 23] },
    { id: 'urban-core', name: 'Developed, high intensity (centres, jobs)', role: 'services', codes: [24] },
    { id: 'barren', name: 'Barren land', role: 'barren', codes: [31] },
    { id: 'forest', name: 'Forest', role: 'forest', codes: [41, 42, 43] },
    { id: 'shrubland', name: 'Shrubland', role: 'shrubland', codes: [51, 52] },
    { id: 'grassland', name: 'Grassland and herbaceous', role: 'grassland', codes: [71, 72, 73, 74] },
    { id: 'agriculture', name: 'Pasture and crops', role: 'agriculture', codes: [81, 82] },
    { id: 'wetlands', name: 'Wetlands', role: 'wetland', codes: [90, 95] },
  ],
};

/** CORINE Land Cover level-3 classes (EEA / Copernicus) and their published colours. */
const CORINE_CODES: readonly LegendCode[] = [
  code(111, 'Continuous urban fabric', '#e6004d'),
  code(112, 'Discontinuous urban fabric', '#ff0000'),
  code(121, 'Industrial or commercial units', '#cc4df2'),
  code(122, 'Road and rail networks and associated land', '#cc0000'),
  code(123, 'Port areas', '#e6cccc'),
  code(124, 'Airports', '#e6cce6'),
  code(131, 'Mineral extraction sites', '#a600cc'),
  code(132, 'Dump sites', '#a64d00'),
  code(133, 'Construction sites', '#ff4dff'),
  code(141, 'Green urban areas', '#ffa6ff'),
  code(142, 'Sport and leisure facilities', '#ffe6ff'),
  code(211, 'Non-irrigated arable land', '#ffffa8'),
  code(212, 'Permanently irrigated land', '#ffff00'),
  code(213, 'Rice fields', '#e6e600'),
  code(221, 'Vineyards', '#e68000'),
  code(222, 'Fruit trees and berry plantations', '#f2a64d'),
  code(223, 'Olive groves', '#e6a600'),
  code(231, 'Pastures', '#e6e64d'),
  code(241, 'Annual crops associated with permanent crops', '#ffe6a6'),
  code(242, 'Complex cultivation patterns', '#ffe64d'),
  code(243, 'Land principally occupied by agriculture with significant areas of natural vegetation', '#e6cc4d'),
  code(244, 'Agro-forestry areas', '#f2cca6'),
  code(311, 'Broad-leaved forest', '#80ff00'),
  code(312, 'Coniferous forest', '#00a600'),
  code(313, 'Mixed forest', '#4dff00'),
  code(321, 'Natural grasslands', '#ccf24d'),
  code(322, 'Moors and heathland', '#a6ff80'),
  code(323, 'Sclerophyllous vegetation', '#a6e64d'),
  code(324, 'Transitional woodland-shrub', '#a6f200'),
  code(331, 'Beaches, dunes, sands', '#e6e6e6'),
  code(332, 'Bare rocks', '#cccccc'),
  code(333, 'Sparsely vegetated areas', '#ccffcc'),
  code(334, 'Burnt areas', '#000000'),
  code(335, 'Glaciers and perpetual snow', '#a6e6cc'),
  code(411, 'Inland marshes', '#a6a6ff'),
  code(412, 'Peat bogs', '#4d4dff'),
  code(421, 'Salt marshes', '#ccccff'),
  code(422, 'Salines', '#e6e6ff'),
  code(423, 'Intertidal flats', '#a6a6e6'),
  code(511, 'Water courses', '#00ccf2'),
  code(512, 'Water bodies', '#80f2e6'),
  code(521, 'Coastal lagoons', '#00ffa6'),
  code(522, 'Estuaries', '#a6ffe6'),
  code(523, 'Sea and ocean', '#e6f2ff'),
];

const CORINE_GROUPS: readonly LegendGroup[] = [
  { id: 'urban-fabric', name: 'Urban fabric (housing)', role: 'housing', codes: [111, 112] },
  { id: 'industry-commerce', name: 'Industrial or commercial units', role: 'services', codes: [121] },
  { id: 'transport', name: 'Transport networks, ports, airports', role: 'infrastructure', codes: [122, 123, 124] },
  { id: 'extraction-construction', name: 'Mines, dumps and construction sites', role: 'built', codes: [131, 132, 133] },
  { id: 'urban-green', name: 'Green urban areas, sport and leisure', role: 'park', codes: [141, 142] },
  { id: 'arable', name: 'Arable land', role: 'agriculture', codes: [211, 212, 213] },
  { id: 'permanent-crops', name: 'Permanent crops', role: 'agriculture', codes: [221, 222, 223] },
  { id: 'pastures', name: 'Pastures', role: 'agriculture', codes: [231] },
  {
    id: 'mixed-agriculture',
    name: 'Heterogeneous agricultural areas',
    role: 'agriculture',
    codes: [241, 242, 243, 244],
  },
  { id: 'forest', name: 'Forests', role: 'forest', codes: [311, 312, 313] },
  { id: 'shrub-herbaceous', name: 'Shrub and herbaceous vegetation', role: 'shrubland', codes: [321, 322, 323, 324] },
  { id: 'open-spaces', name: 'Open spaces with little or no vegetation', role: 'barren', codes: [331, 332, 333, 334] },
  { id: 'glaciers', name: 'Glaciers and perpetual snow', role: 'snow-ice', codes: [335] },
  { id: 'wetlands', name: 'Wetlands', role: 'wetland', codes: [411, 412, 421, 422, 423] },
  { id: 'water', name: 'Water bodies', role: 'water', codes: [511, 512, 521, 522, 523] },
];

const CORINE: Legend = { id: 'corine', name: 'CORINE Land Cover', codes: CORINE_CODES, groups: CORINE_GROUPS };

/** The EEA's CLC rasters number the 44 classes 1..44 in legend order (48 = no data). */
const CORINE_INDEX: Legend = {
  id: 'corine-index',
  name: 'CORINE Land Cover (raster index 1-44)',
  codes: CORINE_CODES.map((c, i) => ({ ...c, code: i + 1 })),
  groups: CORINE_GROUPS.map((g) => ({
    ...g,
    codes: g.codes.map((c) => CORINE_CODES.findIndex((x) => x.code === c) + 1),
  })),
};

/** ESA WorldCover 10 m classes and their published colours. */
const WORLDCOVER: Legend = {
  id: 'worldcover',
  name: 'ESA WorldCover',
  codes: [
    code(10, 'Tree cover', '#006400'),
    code(20, 'Shrubland', '#ffbb22'),
    code(30, 'Grassland', '#ffff4c'),
    code(40, 'Cropland', '#f096ff'),
    code(50, 'Built-up', '#fa0000'),
    code(60, 'Bare / sparse vegetation', '#b4b4b4'),
    code(70, 'Snow and ice', '#f0f0f0'),
    code(80, 'Permanent water bodies', '#0064c8'),
    code(90, 'Herbaceous wetland', '#0096a0'),
    code(95, 'Mangroves', '#00cf75'),
    code(100, 'Moss and lichen', '#fae6a0'),
  ],
  groups: [
    { id: 'tree-cover', name: 'Tree cover', role: 'forest', codes: [10] },
    { id: 'shrubland', name: 'Shrubland', role: 'shrubland', codes: [20] },
    { id: 'grassland', name: 'Grassland', role: 'grassland', codes: [30] },
    { id: 'cropland', name: 'Cropland', role: 'agriculture', codes: [40] },
    { id: 'built-up', name: 'Built-up', role: 'housing', codes: [50] },
    { id: 'bare', name: 'Bare / sparse vegetation', role: 'barren', codes: [60] },
    { id: 'snow-ice', name: 'Snow and ice', role: 'snow-ice', codes: [70] },
    { id: 'water', name: 'Permanent water bodies', role: 'water', codes: [80] },
    { id: 'wetland', name: 'Herbaceous wetland and mangroves', role: 'wetland', codes: [90, 95] },
    { id: 'moss-lichen', name: 'Moss and lichen', role: 'grassland', codes: [100] },
  ],
};

export const KNOWN_LEGENDS: readonly Legend[] = [NLCD, CORINE, WORLDCOVER, CORINE_INDEX];

/**
 * The known legend a raster's codes belong to: every code present is one of the legend's, and the
 * legend explains at least half of them by more than chance (the CLC raster index 1..44 only when
 * the file's own names say CORINE, as 1..44 is common to any legend).
 */
export function detectLegend(codes: readonly number[], names: ReadonlyMap<number, string>): Legend | null {
  if (codes.length === 0) return null;
  for (const legend of KNOWN_LEGENDS) {
    const known = new Set(legend.codes.map((c) => c.code));
    if (!codes.every((c) => known.has(c))) continue;
    if (legend.id === 'corine-index') {
      const first = names.get(1) ?? '';
      if (!/continuous urban fabric/i.test(first)) continue;
    }
    if (legend.id === 'worldcover' && codes.length < 2) continue;
    return legend;
  }
  return null;
}
