/**
 * The desktop contract's views of run folders and study areas (contract.ts): a front with its
 * table, representatives and history; class, agreement, difference and contribution maps; a
 * scenario's study area. Grids travel as base64 strings of their bytes.
 *
 * These are the heavy answers of the API (a front is decoded from layouts.bin, maps cost cells x
 * layouts), so the desktop front ends compute them in the background worker (background.ts),
 * which keeps one {@link ExploreViews} and its front cache.
 */
import { RunInputError } from '../runs/errors.js';
import { frontRows } from '../runs/front-io.js';
import type {
  AgreementMapView,
  ContributionMapView,
  DifferenceMapView,
  DifferenceRef,
  FrontView,
  GridBytes,
  LayoutMapView,
  LayoutRef,
  StudyAreaView,
} from './contract.js';
import {
  agreementMaps,
  differenceMap,
  FrontCache,
  frontRepresentatives,
  layoutClasses,
  runHistory,
  splitObjectiveLabel,
} from './explore.js';
import { indicatorLabel } from '../landuse/objectives/descriptions.js';
import { georeferenceOf, loadStudyAreaLayers } from './study-area.js';
import { analysePartiesOfFront, partiesResult } from './parties.js';
import type { PartiesView, PartyInput } from './decision-contract.js';
import { fillBy } from '../io/typed-map.js';

/** What the Parties view says the parties came from when the app sent them. */
const EDITED_SOURCE = 'parties as edited in the app';
import { NO_CLASS, PARTIES_DISAGREE } from '../rules/index.js';

/**
 * A grid as an answer's bytes ({@link GridBytes}). The grid's own memory when it fills a whole
 * ArrayBuffer; otherwise a copy of its bytes, because structured clone (Electron's IPC, the
 * background worker's replies) copies the whole buffer under a view, and cannot send shared memory.
 */
export function gridBytes(grid: ArrayBufferView): GridBytes {
  const { buffer, byteOffset, byteLength } = grid;
  if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength)
    return new Uint8Array(buffer);
  return new Uint8Array(new Uint8Array(buffer, byteOffset, byteLength));
}

export class ExploreViews {
  constructor(private readonly fronts = new FrontCache()) {}

  /** Everything the explorer shows of a run except its maps. */
  async front(dir: string): Promise<FrontView> {
    const front = await this.fronts.get(dir);
    const { manifest } = front;
    const history = await runHistory(front).catch(() => []);
    return {
      dir: front.dir,
      status: manifest.status,
      scenarioName: manifest.scenario.name,
      scenarioPath: manifest.scenario.path,
      createdAt: manifest.createdAt,
      generation: manifest.front?.generation ?? manifest.progress.generation,
      generations: manifest.parameters.generations,
      population: manifest.parameters.population,
      objectives: manifest.objectives.map((o) => ({
        id: o.id,
        direction: o.direction,
        ...splitObjectiveLabel(o.label),
      })),
      indicators: manifest.indicators.map((i) => ({ ...i, label: indicatorLabel(i.indicator) })),
      classes: manifest.classes.map((c) => ({ id: c.id, name: c.name, color: c.color })),
      demands: manifest.demands.map((d) => ({ ...d })),
      grid: {
        width: manifest.grid.width,
        height: manifest.grid.height,
        cellSizeM: manifest.grid.pixelWidth,
        georeference: georeferenceOf(manifest.grid),
      },
      cellAreaHa: manifest.cellAreaHa,
      solutions: frontRows(front),
      highlights: {
        extremes: [...manifest.front!.highlights.extremes],
        knee: manifest.front!.highlights.knee,
      },
      representatives: frontRepresentatives(front).map((cluster) => ({
        medoid: cluster.medoid,
        members: [...cluster.members],
        meanDifference: cluster.meanDifference,
      })),
      history: history.map((h) => ({ generation: h.generation, hypervolume: h.hypervolume })),
      current: gridBytes(front.current),
    };
  }

  async layoutMap(dir: string, id: LayoutRef): Promise<LayoutMapView> {
    const front = await this.fronts.get(dir);
    return { id, classes: gridBytes(layoutClasses(front, id)) };
  }

  /**
   * Agreement of a set of layouts. Work grows with the number of layouts, so `ids` is taken as a
   * set of this front's layouts: a request costs at most (front size x changeable cells).
   */
  async agreementMap(dir: string, ids: readonly number[], classId: string | null): Promise<AgreementMapView> {
    const list = [...new Set(ids)];
    const front = await this.fronts.get(dir);
    if (list.length > front.table.length)
      throw new RunInputError(
        `ids lists ${list.length} different layouts, but the front has only ${front.table.length}.`,
      );
    let classIndex: number | null = null;
    if (classId !== null) {
      classIndex = front.manifest.classes.findIndex((c) => c.id === classId);
      if (classIndex < 0)
        throw new RunInputError(
          `Unknown class "${classId}": the run has ${front.manifest.classes.map((c) => c.id).join(', ')}.`,
        );
    }
    const maps = await agreementMaps(front, list, classIndex);
    return {
      ids: list,
      mode: gridBytes(maps.mode),
      frequency: gridBytes(maps.frequency),
      classShare: maps.classShare ? gridBytes(maps.classShare) : null,
    };
  }

  /**
   * The parties' analysis of a run (api/parties.ts) with its consensus and conflict maps as
   * rasters. `source`: a parties file, the parties as the app edits them, or null for the
   * scenario's `parties:` section.
   */
  async parties(dir: string, source: string | PartyInput[] | null): Promise<PartiesView> {
    const front = await this.fronts.get(dir);
    const edited = Array.isArray(source);
    const analysis = await analysePartiesOfFront(
      front,
      source === null ? {} : edited ? { parties: source } : { file: source },
    );
    const { maps: _maps, ...result } = partiesResult(front, analysis, null);
    if (edited) result.source = EDITED_SOURCE;
    const { mode, disagreeing } = analysis.agreement;
    // Cells no layout can change keep today's class (every party agrees on them).
    const consensus = Uint8Array.from(front.current);
    const conflict = fillBy(new Uint8Array(front.current.length), (i) =>
      front.current[i] === NO_CLASS ? NO_CLASS : 0,
    );
    front.geneCells.forEach((cell, g) => {
      consensus[cell] = disagreeing[g] === 0 ? mode[g]! : PARTIES_DISAGREE;
      conflict[cell] = disagreeing[g]!;
    });
    return { ...result, consensus: gridBytes(consensus), conflict: gridBytes(conflict), edited };
  }

  /** @param painted the class map of a painted plan (`{ painted }` refs) */
  async differenceMap(
    dir: string,
    a: DifferenceRef,
    b: DifferenceRef,
    painted: (snapshot: string) => Uint8Array = () => {
      throw new RunInputError('No painted plan is kept here.');
    },
  ): Promise<DifferenceMapView> {
    const front = await this.fronts.get(dir);
    const map = (ref: DifferenceRef) => (typeof ref === 'object' ? painted(ref.painted) : ref);
    const diff = differenceMap(front, map(a), map(b));
    const classes = front.manifest.classes;
    return {
      a,
      b,
      changed: gridBytes(diff.changed),
      changedHa: diff.changedHa,
      transitions: diff.transitions.map((t) => ({ from: classes[t.from]!.id, to: classes[t.to]!.id, ha: t.ha })),
    };
  }

  async contributionMap(dir: string, id: number, objectiveId: string): Promise<ContributionMapView> {
    const { values, total } = await this.fronts.contributionMap(dir, id, objectiveId);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return {
      id,
      objective: objectiveId,
      values: gridBytes(values),
      min: Number.isFinite(min) ? min : 0,
      max: Number.isFinite(max) ? max : 0,
      total,
    };
  }

  /** Today's land use of a scenario's study area with its overlays. */
  async studyArea(file: string): Promise<StudyAreaView> {
    const layers = await loadStudyAreaLayers(file);
    return {
      path: file,
      width: layers.width,
      height: layers.height,
      cellSizeM: layers.cellSizeM,
      georeference: layers.georeference,
      classes: layers.classes,
      current: gridBytes(layers.current),
      overlays: layers.overlays.map((o) => ({ ...o, mask: gridBytes(o.mask) })),
    };
  }
}
