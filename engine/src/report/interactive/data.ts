/**
 * What the interactive report carries, as the JSON block embedded in the page: written by
 * interactive.ts (Node) and read by the explorer (client/, in the browser). Types only, so both
 * sides compile against one definition.
 *
 * Layouts travel compressed: only what differs from today's map. For the changeable cells
 * (`maps.cells`), a gene-major table of codes, one byte per layout and cell: 0 where the layout
 * keeps today's class, class index + 1 where it changes the cell. Neighbouring layouts of a front
 * share most choices, so this table deflates well (the demo run's 203 layouts x 53,078 cells,
 * 10.8 MB raw, deflate to about 0.7 MB). All binary parts are raw deflate (RFC 1951), then base64.
 */

export interface ExplorerObjective {
  id: string;
  label: string;
  unit: string;
  direction: 'minimize' | 'maximize';
  /** Decimals that tell the front's values apart (report/format.ts decimalsFor). */
  decimals: number;
}

export interface ExplorerIndicator {
  /** `<objective>.<indicator>`. */
  key: string;
  label: string;
  /** Index into `objectives`. */
  objective: number;
  weight: number;
  decimals: number;
}

export interface ExplorerMark {
  id: number;
  letter: string;
  label: string;
  color: string;
  kind: 'compromise' | 'extreme' | 'selected';
}

export interface ExplorerParty {
  name: string;
  description: string;
  color: string;
  /** Layout id of its pick. */
  preferred: number;
  /** Satisfaction 0..1 with each layout, in front order. */
  satisfaction: number[];
}

export interface ExplorerData {
  /** Version of this format, so a page can say it is from an older engine. */
  format: 1;
  scenario: { name: string; description: string; file: string };
  engineVersion: string;
  generatedAt: string;
  run: { status: string; generations: number; evaluations: number; seed: number };
  grid: { width: number; height: number; cellSizeM: number; cellAreaHa: number };
  classes: { name: string; color: string }[];
  objectives: ExplorerObjective[];
  indicators: ExplorerIndicator[];
  /** The front, in front order. */
  front: {
    ids: number[];
    /** Row-major layouts x objectives, natural units. */
    objectives: number[];
    /** Row-major layouts x indicators (NaN written as null). */
    indicators: (number | null)[];
    /** Row-major layouts x classes, hectares. */
    areasHa: number[];
  };
  marks: ExplorerMark[];
  /** Groups of similar layouts: medoid and member ids, largest first. */
  groups: { medoid: number; members: number[] }[];
  parties: {
    source: string;
    parties: ExplorerParty[];
    compromises: { title: string; id: number }[];
    bordaWinners: number[];
  } | null;
  maps: {
    /** Today's class per cell (255 outside), deflated, base64. */
    current: string;
    /** The changeable cells as ascending cell indices, delta-coded as little-endian uint32, deflated, base64. */
    cells: string;
    /** Gene-major codes (see the module comment), deflated, base64. */
    changes: string;
  };
}
