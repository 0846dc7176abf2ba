/**
 * What indicators compile to: the kinds the fused evaluator knows (evaluator.ts), and the helpers
 * that build them. An indicator module (indicators/*.ts) returns one {@link CompiledIndicator}.
 *
 * Notation: a = hectares per cell, c_i = class of cell i in the layout, cur_i = today's class.
 */
import { distanceToMask } from '../model/distance.js';
import { cachedDistance } from '../model/layer-cache.js';
import { NO_CLASS, type StudyArea } from '../model/study-area.js';
import { fillBy, gather } from '../../io/typed-map.js';

/**
 * A per-cell additive term: f(i, c) = alpha[c] + beta[c] * x[i] + fromTo[cur_i * K + c].
 * The indicator is the sum of f over all cells of the study area.
 */
export interface LinearTerm {
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  /** Per-cell covariate (grid order), or null when beta is unused. */
  readonly x: Float32Array | null;
  /** K x K from-to values, or null. */
  readonly fromTo: Float64Array | null;
  /**
   * The evaluator's part, filled by {@link orderByGene} (a contribution map reads the cells, not
   * these): `x` gathered in gene order (the hot loop reads it sequentially).
   */
  xGene: Float32Array | null;
  /** Per gene, today's class x K: the row of `fromTo` to read. Shared by all terms. */
  fromToOffset: Int32Array;
  /** Sum of f over the cells that are not genes (they never change). */
  constant: number;
}

/**
 * The kinds of compiled sub-indicators, each evaluated by its own code in the evaluator:
 * - `linear`: a {@link LinearTerm}, fused with the objective's other linear terms (linear.ts);
 * - `amenity`: 100 x a linear term over housing cells / the number of housing cells;
 * - `access`: share of housing cells within `distance` of a target class (access.ts);
 * - `supply`: new housing cells against a need (housing.ts);
 * - `compatibility`: mean 8-neighbour pair score (compatibility.ts);
 * - `core`: natural cells with natural neighbours only (habitat-core.ts).
 * `name` is the indicator's name in reports: the built-in type, or a user-defined indicator's key.
 */
export type CompiledIndicator =
  | { readonly kind: 'linear'; readonly name: string; readonly weight: number; readonly term: LinearTerm }
  | {
      readonly kind: 'access';
      readonly name: string;
      readonly weight: number;
      readonly targets: Uint8Array;
      readonly distance: number;
    }
  | { readonly kind: 'amenity'; readonly name: string; readonly weight: number; readonly term: LinearTerm }
  | {
      readonly kind: 'supply';
      readonly name: string;
      readonly weight: number;
      readonly dwellings: number;
      readonly density: number;
    }
  | {
      readonly kind: 'compatibility';
      readonly name: string;
      readonly weight: number;
      readonly matrix: Float64Array;
    }
  | { readonly kind: 'core'; readonly name: string; readonly weight: number };

/** Distance (m) from every cell to a layer: the layer itself if it is a distance layer, else to its cells > 0. */
export function distanceLayer(area: StudyArea, name: string, cache: Map<string, Float32Array>): Float32Array {
  let out = cache.get(name);
  if (out) return out;
  const layer = area.layers[name];
  if (!layer) throw new RangeError(`layer "${name}" was not loaded`);
  out = area.distanceLayers.includes(name)
    ? layer
    : cachedDistance(area.layersKey, name, layer.length, () =>
        distanceToMask(layer, area.width, area.height, area.cellSizeX, area.cellSizeY),
      );
  cache.set(name, out);
  return out;
}

const EMPTY = new Int32Array(0);
const offsetCache = new WeakMap<StudyArea, Int32Array>();
/** Per study area, its cells that are not genes (fixed cells of the study area), ascending. */
const fixedCellCache = new WeakMap<StudyArea, Int32Array>();

function fixedCellsOf(area: StudyArea): Int32Array {
  let cells = fixedCellCache.get(area);
  if (!cells) {
    const isFixed = (i: number) => area.current[i] !== NO_CLASS && area.geneOfCell[i]! < 0;
    let count = 0;
    for (let i = 0; i < area.current.length; i++) if (isFixed(i)) count++;
    cells = new Int32Array(count);
    for (let i = 0, k = 0; i < area.current.length; i++) if (isFixed(i)) cells[k++] = i;
    fixedCellCache.set(area, cells);
  }
  return cells;
}

/** The parts of a linear term an indicator gives; {@link linearTerm} adds the rest. */
export type LinearParts = Pick<LinearTerm, 'alpha' | 'beta' | 'x' | 'fromTo'>;

/** A term of the parts an indicator gives; {@link orderByGene} adds the evaluator's part. */
export function linearTerm(parts: LinearParts): LinearTerm {
  // Built field by field here, never spread from the caller's object: every term then has one
  // hidden class, which keeps the evaluator's per-term loops monomorphic (spread copies took the
  // shape of each indicator module's literal: 30 % slower incremental evaluation).
  return {
    alpha: parts.alpha,
    beta: parts.beta,
    x: parts.x,
    fromTo: parts.fromTo,
    constant: 0,
    xGene: null,
    fromToOffset: EMPTY,
  };
}

/**
 * The evaluator's part of a term: its constant (the sum over cells that are not genes) and its
 * gene-ordered copies. Contribution maps, which sum the cells, skip it (0.1-0.15 s of an
 * objective's 0.6 s at 2000 x 2000).
 */
export function orderByGene(area: StudyArea, term: LinearTerm): void {
  const K = area.classes.length;
  let offsets = offsetCache.get(area);
  if (!offsets) {
    offsets = fillBy(new Int32Array(area.geneCells.length), (g) => area.current[area.geneCells[g]!]! * K);
    offsetCache.set(area, offsets);
  }
  term.fromToOffset = offsets;
  term.xGene = term.x ? gather(new Float32Array(area.geneCells.length), term.x, area.geneCells) : null;
  // Summed over the fixed cells in grid order (listed once per area: every term scanned the grid).
  let constant = 0;
  for (const i of fixedCellsOf(area)) {
    const c = area.current[i]!;
    constant +=
      term.alpha[c]! + (term.x ? term.beta[c]! * term.x[i]! : 0) + (term.fromTo ? term.fromTo[c * K + c]! : 0);
  }
  term.constant = constant;
}

/** A vector indexed by class. */
export function classVector(area: StudyArea, value: (index: number) => number): Float64Array {
  return Float64Array.from(area.classes.map((_, i) => value(i)));
}
