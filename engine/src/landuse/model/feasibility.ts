/**
 * Checks run before an optimisation, each explained with its arithmetic so the planner sees why:
 * raster codes no class declares, classes that no changeable cell may take, demands one class
 * cannot reach, minimum demands that together exceed the land that can change, and (the exact
 * test) whether the repair can bring today's layout within every demand at once.
 */
import { createRandom } from '../../optimizer/core/random.js';
import type { ScenarioIssue } from '../errors.js';
import { DemandRepair } from '../operators/repair.js';
import { formatPath, lineOf } from '../scenario/source-map.js';
import type { ResolvedScenario } from '../scenario/types.js';
import { formatHa } from '../scenario/units.js';
import { changedCells, currentGenome, type StudyArea, type UndeclaredCode } from './study-area.js';

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
    if (min > most) {
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
    if (min > max) errors.push(at([...demandPath, 'min'], `the minimum ${ha(min)} exceeds the maximum ${ha(max)}`));
  }
  // Minimum demands on changeable land, summed, against the land that can change.
  let needed = 0;
  const parts: string[] = [];
  for (let c = 0; c < K; c++) {
    const extra = Math.max(0, area.minCells[c]! - area.fixedCounts[c]!);
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
    const genome = currentGenome(area);
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
