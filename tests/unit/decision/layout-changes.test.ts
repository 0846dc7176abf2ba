/**
 * Groups' features and profiles read each layout as its changes against today (decision/rows.ts
 * LayoutChanges), one at a time. On random fronts they equal the same quantities computed over
 * whole maps and whole genomes: zone areas by counting every gene, compactness by the aggregation
 * index of the full map, characteristic cells by the per-gene agreement of all genomes.
 */
import { describe, expect, it } from 'vitest';
import {
  aggregationIndex,
  CHARACTERISTIC_MARGIN,
  emptyChangeCounts,
  geneAgreement,
  layoutChangesOf,
  layoutFeatures,
  profileGroups,
  type ChangeCounts,
  type Zone,
} from '../../../engine/src/decision/index.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A random front: a grid with cells outside the study area, K classes, today's map and layouts changing a share of the genes. */
function randomFront(seed: number) {
  const next = lcg(seed);
  const width = 3 + Math.floor(next() * 12);
  const height = 3 + Math.floor(next() * 12);
  const K = 2 + Math.floor(next() * 4);
  const OUTSIDE = 255;
  const current = new Uint8Array(width * height);
  const cells: number[] = [];
  for (let cell = 0; cell < current.length; cell++) {
    const r = next();
    // Some cells outside, some fixed (not genes), the rest changeable.
    if (r < 0.1) current[cell] = OUTSIDE;
    else {
      current[cell] = Math.floor(next() * K);
      if (r > 0.25) cells.push(cell);
    }
  }
  const geneCells = Int32Array.from(cells);
  const genes = geneCells.length;
  const today = Uint8Array.from(geneCells, (cell) => current[cell]!);
  const rows = 2 + Math.floor(next() * 10);
  const share = next() * 0.6;
  const genomes = new Uint8Array(rows * genes);
  for (let i = 0; i < rows; i++) {
    for (let g = 0; g < genes; g++) genomes[i * genes + g] = next() < share ? Math.floor(next() * K) : today[g]!;
  }
  const zones: Zone[] = Array.from({ length: Math.floor(next() * 3) }, (_, z) => ({
    id: `zone${z}`,
    label: `in zone ${z}`,
    inside: Uint8Array.from({ length: genes }, () => (next() < 0.4 ? 1 : 0)),
    fixedHa: Float64Array.from({ length: K }, () => Math.floor(next() * 5)),
  }));
  return { width, height, K, current, geneCells, genes, today, rows, genomes, zones, next };
}

describe('features and profiles from layout changes', () => {
  it('zone areas and compactness equal whole-map counts on 200 random fronts', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const f = randomFront(seed);
      const classIds = Array.from({ length: f.K }, (_, c) => `c${c}`);
      const cellAreaHa = 0.25;
      // Total areas constant over the front so that only the zone and compactness columns vary.
      const table = layoutFeatures({
        classNames: classIds,
        classIds,
        cellAreaHa,
        areasHa: new Float64Array(f.rows * f.K),
        layouts: layoutChangesOf(f.genomes, f.rows, f.today),
        zones: f.zones,
        grid: { width: f.width, height: f.height },
        current: f.current,
        geneCells: f.geneCells,
      });
      // The same columns computed over whole genomes and maps.
      const expected = new Map<string, number[]>();
      for (const zone of f.zones) {
        for (let c = 0; c < f.K; c++) {
          expected.set(
            `${zone.id}.c${c}`,
            Array.from({ length: f.rows }, (_, i) => {
              let n = 0;
              for (let g = 0; g < f.genes; g++) if (zone.inside[g] && f.genomes[i * f.genes + g] === c) n++;
              return n * cellAreaHa + zone.fixedHa[c]!;
            }),
          );
        }
      }
      const indices = Array.from({ length: f.rows }, (_, i) => {
        const map = Uint8Array.from(f.current);
        f.geneCells.forEach((cell, g) => (map[cell] = f.genomes[i * f.genes + g]!));
        return aggregationIndex(map, f.width, f.height, f.K);
      });
      for (let c = 0; c < f.K; c++)
        expected.set(
          `compactness.c${c}`,
          indices.map((ai) => ai[c]!),
        );
      const varying = [...expected].filter(
        ([, values]) => !values.some(Number.isNaN) && values.some((v) => v !== values[0]),
      );
      expect(table.features.map((x) => x.id)).toEqual(varying.map(([id]) => id));
      varying.forEach(([id, values], k) => {
        const column = Array.from({ length: f.rows }, (_, i) => table.values[i * varying.length + k]!);
        expect(column, `seed ${seed}, ${id}`).toEqual(values);
      });
    }
  });

  it('characteristic cells equal the agreement of whole genomes on 200 random fronts', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const f = randomFront(seed);
      const order = Array.from({ length: f.rows }, (_, i) => i).sort(() => f.next() - 0.5);
      const cut = 1 + Math.floor(f.next() * (f.rows - 1));
      const clusters = [order.slice(0, cut), order.slice(cut)].map((members) => ({
        medoid: members[0]!,
        members,
        meanDifference: 0,
      }));
      const layouts = layoutChangesOf(f.genomes, f.rows, f.today);
      const profile = (frontCounts?: ChangeCounts) =>
        profileGroups({
          clusters,
          criteria: { criteria: [], rows: f.rows, values: new Float64Array(0) },
          areasHa: new Float64Array(f.rows * f.K),
          classCount: f.K,
          layouts,
          ...(frontCounts ? { frontCounts } : {}),
        });
      const profiles = profile();
      const all = Array.from({ length: f.rows }, (_, i) => i);
      // The same with the front's change counts given (a run's record).
      const frontCounts = emptyChangeCounts(f.genes, f.K, f.rows);
      layouts.countChanges(all, frontCounts, f.K);
      const given = profile(frontCounts);
      expect(given).toEqual(profiles);
      const front = [...Array(f.K).keys()].map((c) => geneAgreement(f.genomes, f.genes, all, f.K, c).classCount!);
      clusters.forEach(({ members }, k) => {
        const { mode, modeCount } = geneAgreement(f.genomes, f.genes, members, f.K);
        const others = f.rows - members.length;
        const genes: number[] = [];
        const classes: number[] = [];
        for (let g = 0; g < f.genes; g++) {
          const c = mode[g]!;
          const outside = (front[c]![g]! - modeCount[g]!) / others;
          if (modeCount[g]! / members.length - outside >= CHARACTERISTIC_MARGIN) {
            genes.push(g);
            classes.push(c);
          }
        }
        expect(Array.from(profiles[k]!.characteristic.genes), `seed ${seed}`).toEqual(genes);
        expect(Array.from(profiles[k]!.characteristic.classes), `seed ${seed}`).toEqual(classes);
      });
    }
  });
});
