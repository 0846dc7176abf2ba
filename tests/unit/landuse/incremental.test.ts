import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DistanceScratch, diskOffsets, squaredDistanceTransform } from '../../../engine/src/landuse/model/distance.js';
import { currentGenome } from '../../../engine/src/landuse/model/study-area.js';
import { LandUseEvaluator } from '../../../engine/src/landuse/objectives/evaluator.js';
import { LAYERS_HEADER, tinyStudyArea } from './fixtures.js';

const EVERYTHING = `${LAYERS_HEADER}  flood: { path: f.geojson }
  roads: { path: r.geojson }
objectives:
  economic: { indicators: { landValue: { accessFrom: roads, decay: 300 m }, conversionCost: {}, developmentCost: { roads: roads } } }
  social:
    indicators:
      greenAccess: { distance: 250 m }
      serviceAccess: { distance: 150 m }
      amenityAccess: { layers: [roads], distance: 200 m }
      housingSupply: { dwellings: 200 }
      compatibility: { pairs: [ { a: housing, b: industry, score: -1 }, { a: housing, b: park, score: 1 }, { a: farm, b: forest, score: 0.3 } ] }
  ecological: { indicators: { habitatValue: {}, habitatCore: {}, floodExposure: { layer: flood }, protectedEdge: { layer: flood, distance: 100 m }, carbon: { weight: 0.01 } } }
`;

function randomGrid(width: number, height: number, seed: number): string[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: height }, () =>
    Array.from({ length: width }, () => 1 + Math.floor(next() * 7)).join(' '),
  );
}

describe('distance transform', () => {
  test('matches brute force on random masks with non-square cells', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.boolean(), { minLength: 81, maxLength: 81 }),
        (w, h, bits) => {
          const mask = bits.slice(0, w * h);
          const out = new Float64Array(w * h);
          squaredDistanceTransform((i) => mask[i]!, w, h, 20, 30, out, new DistanceScratch(9));
          for (let i = 0; i < w * h; i++) {
            let best = Infinity;
            for (let j = 0; j < w * h; j++) {
              if (!mask[j]) continue;
              const dx = (i % w) - (j % w);
              const dy = Math.floor(i / w) - Math.floor(j / w);
              best = Math.min(best, dy * dy * 900 + dx * dx * 400);
            }
            expect(out[i]).toBe(best);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  test('disk offsets use the same criterion as the transform', () => {
    const disk = diskOffsets(100, 50, 50);
    expect(disk.length / 2).toBe(13); // radius 2 cells: 13 cells with dx^2 + dy^2 <= 4
  });
});

describe('incremental evaluation', () => {
  test('agrees with full evaluation after random sequences of changes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 40 }),
        (seed, changes) => {
          const codes = randomGrid(9, 8, seed);
          const flood = codes.map((row, y) =>
            row
              .split(' ')
              .map((_, x) => ((x + y) % 5 === 0 ? 1 : 0))
              .join(' '),
          );
          const roads = codes.map((row, y) =>
            row
              .split(' ')
              .map((_, x) => (y === 3 ? 1 : x === 0 ? 1 : 0))
              .join(' '),
          );
          const { area } = tinyStudyArea(EVERYTHING, { codes, cellSize: 50, layers: { flood, roads } });
          const evaluator = new LandUseEvaluator(area);
          const genome = currentGenome(area);
          const state = evaluator.createState(genome);
          const K = area.classes.length;
          const full = new Float64Array(3);
          const incremental = new Float64Array(3);
          const fullIndicators = new Float64Array(evaluator.compiled.indicators.length);
          const incIndicators = new Float64Array(evaluator.compiled.indicators.length);
          for (const [g, c] of changes) {
            if (genome.length === 0) break;
            const gene = g % genome.length;
            const cls = c % K;
            if (!((area.allowed[gene]! >> cls) & 1)) continue;
            genome[gene] = cls;
            state.set(gene, cls);
          }
          evaluator.evaluate(genome, full, fullIndicators);
          state.objectives(incremental, incIndicators);
          for (let k = 0; k < fullIndicators.length; k++) expect(incIndicators[k]).toBeCloseTo(fullIndicators[k]!, 6);
          for (let m = 0; m < 3; m++) expect(incremental[m]).toBeCloseTo(full[m]!, 6);
          expect([...state.genome]).toEqual([...genome]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
