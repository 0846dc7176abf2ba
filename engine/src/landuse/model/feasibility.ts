/**
 * Checks run before an optimisation, each explained with its arithmetic so the planner sees why:
 * raster codes no class declares, classes that no changeable cell may take, demands one class
 * cannot reach, minimum demands that together exceed the land that can change, and (the exact
 * test) whether the repair can bring today's layout within every demand at once.
 */
import { createRandom } from '../../optimizer/core/random.js';
import type { ScenarioIssue } from '../errors.js';
import { indicatorName } from '../objectives/descriptions.js';
import { expressionProblems } from '../objectives/indicators/resolve.js';
import { DemandRepair } from '../operators/repair.js';
import { formatPath, lineOf } from '../scenario/source-map.js';
import type { ResolvedScenario } from '../scenario/types.js';
import { areaToCells, formatHa } from '../scenario/units.js';
import { changedCells, startGenome, type StudyArea, type UndeclaredCode } from './study-area.js';

export interface FeasibilityReport {
  /** Problems that make the scenario impossible to run. */
  readonly errors: ScenarioIssue[];
  /** Things a planner should know (e.g. a class no cell may take and nobody asked for). */
  readonly warnings: ScenarioIssue[];
}

export function checkFeasibility(
  scenario: ResolvedScenario,
  area: StudyArea,
  undeclared: readonly UndeclaredCode[],
): FeasibilityReport {
  const errors: ScenarioIssue[] = [];
  const warnings: ScenarioIssue[] = [];
  const at = (path: (string | number)[], message: string): ScenarioIssue => ({
    file: scenario.file,
    line: lineOf(scenario.lines, path),
    path: formatPath(path),
    message,
  });
  const ha = (cells: number) => formatHa(cells * area.cellAreaHa);
  const K = area.classes.length;

  if (undeclared.length > 0) {
    const list = undeclared.map((u) => `${u.code} (${u.cells.toLocaleString('en-GB')} cells)`).join(', ');
    errors.push(
      at(['classes'], `the land-use raster has codes no class declares: ${list}; add them to a class's "code" list`),
    );
  }

  // A minimum beyond the whole study area, said in the scenario's own words (the cell counts are
  // clamped to the study area, so the checks below would show a clamped figure).
  const beyond = new Set<number>();
  for (const demand of scenario.demands) {
    if (!demand.min) continue;
    if (areaToCells(demand.min, area.validCells, area.cellAreaHa * 10_000) > area.validCells) {
      beyond.add(demand.classIndex);
      errors.push(
        at(
          ['demands', area.classes[demand.classIndex]!.id, 'min'],
          `${demand.min.value} ${demand.min.unit} is more than the whole study area (${ha(area.validCells)})`,
        ),
      );
    }
  }
  const mutationCells = scenario.optimizer.mutationCells;
  if (mutationCells !== null && mutationCells > area.geneCells.length) {
    errors.push(
      at(
        ['optimizer', 'mutationCells'],
        `${mutationCells.toLocaleString('en-GB')} is more than the ${area.geneCells.length.toLocaleString('en-GB')} changeable cells`,
      ),
    );
  }

  for (const problem of expressionProblems(area))
    errors.push(at(['objectives', problem.objective, 'indicators', problem.name, 'expression'], problem.message));

  // Walking distances beyond the study area's diagonal: every cell would be within reach, and the
  // disk of cells around each one would be as large as the grid (slow, and pointless).
  const diagonal = Math.hypot(area.width * area.cellSizeX, area.height * area.cellSizeY);
  for (const objective of scenario.objectives) {
    for (const indicator of objective.indicators) {
      if (!('distance' in indicator) || indicator.distance <= diagonal) continue;
      errors.push(
        at(
          ['objectives', objective.id, 'indicators', indicatorName(indicator), 'distance'],
          `${(indicator.distance / 1000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} km is longer than the study area's diagonal ` +
            `(${(diagonal / 1000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} km): every cell would be within reach. Use a shorter distance.`,
        ),
      );
    }
  }

  // How many genes may take each class.
  const reachable = new Int32Array(K);
  for (let g = 0; g < area.allowed.length; g++) {
    for (let c = 0; c < K; c++) if ((area.allowed[g]! >> c) & 1) reachable[c]!++;
  }
  const genes = area.geneCells.length;
  const demanded = new Set(scenario.demands.map((d) => d.classIndex));
  for (let c = 0; c < K; c++) {
    const id = area.classes[c]!.id;
    const min = area.minCells[c]!;
    const max = area.maxCells[c]!;
    const most = area.fixedCounts[c]! + reachable[c]!;
    const demandPath = ['demands', id];
    if (reachable[c] === 0 && !scenario.rules.fixed.includes(c) && (demanded.has(c) || area.fixedCounts[c] === 0)) {
      (min > area.fixedCounts[c]! ? errors : warnings).push(
        at(
          demanded.has(c) ? demandPath : ['classes'],
          `no changeable cell may become ${id} (the rules on slope, protected areas, no-build zones and conversions exclude every cell)`,
        ),
      );
    }
    if (min > most && !beyond.has(c)) {
      errors.push(
        at(
          [...demandPath, 'min'],
          `${ha(min)} exceeds what ${id} can reach: ${ha(area.fixedCounts[c]!)} that cannot change + ${ha(reachable[c]!)} of changeable cells that may become ${id} = ${ha(most)}`,
        ),
      );
    }
    if (max < area.fixedCounts[c]!) {
      errors.push(
        at(
          [...demandPath, 'max'],
          `${ha(max)} is below the ${ha(area.fixedCounts[c]!)} of ${id} that cannot change (fixed, protected or with no alternative)`,
        ),
      );
    }
    if (min > max && !beyond.has(c))
      errors.push(at([...demandPath, 'min'], `the minimum ${ha(min)} exceeds the maximum ${ha(max)}`));
  }
  // Minimum demands on changeable land, summed, against the land that can change.
  let needed = 0;
  const parts: string[] = [];
  for (let c = 0; c < K; c++) {
    const extra = beyond.has(c) ? 0 : Math.max(0, area.minCells[c]! - area.fixedCounts[c]!);
    if (extra > 0) {
      needed += extra;
      parts.push(`${area.classes[c]!.id} ${ha(extra)}`);
    }
  }
  if (needed > genes) {
    errors.push(
      at(
        ['demands'],
        `the minimum demands need ${ha(needed)} of changeable land (${parts.join(' + ')}) but only ${ha(genes)} can change`,
      ),
    );
  }
  let room = 0;
  for (let c = 0; c < K; c++)
    room += Math.max(0, Math.min(area.maxCells[c]!, area.fixedCounts[c]! + reachable[c]!) - area.fixedCounts[c]!);
  if (room < genes) {
    errors.push(
      at(
        ['demands'],
        `the maximum demands leave room for only ${ha(room)} of the ${ha(genes)} that can change; raise a maximum`,
      ),
    );
  }
  if (errors.length === 0) {
    // The exact test: can the repair bring today's layout within all demands at once?
    const repair = new DemandRepair(area);
    const genome = startGenome(area);
    repair.repair(genome, createRandom(1));
    const needed = changedCells(area, genome);
    if (repair.lastShortfall > 0 && needed > area.maxChangedCells) {
      errors.push(
        at(
          ['rules', 'maxChange'],
          `meeting the demands from today's layout takes ${ha(needed)} of change, more than the ${ha(area.maxChangedCells)} rules.maxChange allows; raise the limit or relax the demands`,
        ),
      );
    } else if (repair.lastShortfall > 0) {
      errors.push(
        at(
          ['demands'],
          `the demands cannot be met together: after moving every cell the rules allow, ${ha(repair.lastShortfall)} of demand remain unmet (the classes compete for the same cells)`,
        ),
      );
    }
  }
  if (genes === 0)
    errors.push(at(['rules'], 'no cell can change: every cell is fixed, protected or has no allowed alternative'));
  return { errors, warnings };
}
