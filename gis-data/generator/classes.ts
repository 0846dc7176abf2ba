/**
 * The land-use classes of Riverbend's `landuse.tif`: code, name and map colour. Code 0 is nodata.
 */
export interface LanduseClass {
  readonly code: number;
  /** Short identifier (used in tests and scenarios). */
  readonly id: string;
  /** Name shown in QGIS's legend. */
  readonly name: string;
  /** Map colour '#rrggbb'. */
  readonly color: string;
  /** What the class stands for. */
  readonly description: string;
}

export const LANDUSE_NODATA = 0;

export const LANDUSE_CLASSES: readonly LanduseClass[] = [
  {
    code: 1,
    id: 'residential',
    name: 'Residential',
    color: '#e8a33d',
    description: 'housing of the town and villages, gardens and local streets included',
  },
  {
    code: 2,
    id: 'commercial',
    name: 'Commercial / services',
    color: '#d64541',
    description: 'the town centre and the shops and offices along the main road',
  },
  {
    code: 3,
    id: 'industrial',
    name: 'Industrial',
    color: '#8e44ad',
    description: 'the industrial estate by the main road and the river, east of town',
  },
  {
    code: 4,
    id: 'agriculture',
    name: 'Agriculture',
    color: '#f3e07a',
    description: 'arable fields on the flat valley floor and gentle slopes',
  },
  {
    code: 5,
    id: 'forest',
    name: 'Forest',
    color: '#2e7d32',
    description: 'woodland on steep slopes and hilltops, woodlots and riverside woods',
  },
  {
    code: 6,
    id: 'grassland',
    name: 'Grassland / natural',
    color: '#a5d66f',
    description: 'meadows, pasture and clearings',
  },
  {
    code: 7,
    id: 'wetland',
    name: 'Wetland',
    color: '#5fb3a9',
    description: 'marshes on the lowest floodplain, around the oxbow lake and along the river',
  },
  { code: 8, id: 'water', name: 'Water', color: '#3b7dd8', description: 'the river and the oxbow lake' },
  {
    code: 9,
    id: 'transport',
    name: 'Transport infrastructure',
    color: '#5d5d5d',
    description: 'cells under the primary and secondary roads',
  },
  {
    code: 10,
    id: 'park',
    name: 'Park / urban green',
    color: '#7fc97f',
    description: 'town parks, including the riverside park on the floodplain',
  },
];

/** Class code by id. */
export const CODE = {
  residential: 1,
  commercial: 2,
  industrial: 3,
  agriculture: 4,
  forest: 5,
  grassland: 6,
  wetland: 7,
  water: 8,
  transport: 9,
  park: 10,
} as const;
