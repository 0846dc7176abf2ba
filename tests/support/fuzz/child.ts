/**
 * The fuzz child process: runs cases `from` to `to` of one kind and seed, one JSON line per case on
 * stdout, so that the parent (harness.ts) sees which case was running if this process hangs,
 * aborts or runs out of memory. Usage: node --import tsx child.ts <yaml|tiff> <seed> <from> <to>
 */
import path from 'node:path';
import { isInputError } from '../../../engine/src/api/errors.js';
import { GisError, decodeGeoTiff } from '../../../engine/src/gis/index.js';
import { LandUseInputError, type ScenarioIssue } from '../../../engine/src/landuse/errors.js';
import { checkFeasibility } from '../../../engine/src/landuse/model/feasibility.js';
import { prepareScenario } from '../../../engine/src/landuse/model/load.js';
import { parseScenarioText } from '../../../engine/src/landuse/scenario/parse.js';
import { tiffCase } from './tiff-cases.js';
import { yamlCase } from './yaml-cases.js';

export interface CaseReport {
  i: number;
  name: string;
  /** accepted: valid input; refused: a clear input error; crash: anything else thrown. */
  outcome: 'accepted' | 'refused' | 'crash';
  /** Messages that do not name the file and a line or field. */
  unlocated: string[];
  /** The first message, shortened (for the summary). */
  message: string;
  ms: number;
  maxRssMb: number;
}

/** Located: names the file, and a line or a field. */
function unlocatedIssues(issues: readonly ScenarioIssue[], label: string): string[] {
  return issues.filter((i) => i.file !== label || (i.line === null && i.path === '')).map((i) => i.message);
}

async function yaml(seed: number, index: number): Promise<Omit<CaseReport, 'i' | 'ms' | 'maxRssMb'>> {
  const c = yamlCase(seed, index);
  const label = `fuzz/${path.basename(c.base)}`;
  // The crash-test scenario's layers are small: it is also prepared (rasters read, feasibility).
  const full = c.base.endsWith('tiny.yaml');
  try {
    const scenario = parseScenarioText(c.text, label, { baseDir: path.dirname(c.base), checkFiles: full });
    if (!full) return { name: c.name, outcome: 'accepted', unlocated: [], message: '' };
    const prepared = await prepareScenario(scenario);
    const { errors, warnings } = checkFeasibility(prepared.scenario, prepared.studyArea, prepared.undeclared);
    return {
      name: c.name,
      outcome: errors.length > 0 ? 'refused' : 'accepted',
      unlocated: unlocatedIssues([...errors, ...warnings], label),
      message: errors[0]?.message ?? '',
    };
  } catch (error) {
    if (error instanceof LandUseInputError) {
      const unlocated = error.issues.length > 0 ? unlocatedIssues(error.issues, label) : [error.message];
      return { name: c.name, outcome: 'refused', unlocated, message: error.message.slice(0, 300) };
    }
    if (isInputError(error)) {
      return { name: c.name, outcome: 'refused', unlocated: [error.message], message: error.message.slice(0, 300) };
    }
    return { name: c.name, outcome: 'crash', unlocated: [], message: String((error as Error)?.stack ?? error) };
  }
}

async function tiff(seed: number, index: number): Promise<Omit<CaseReport, 'i' | 'ms' | 'maxRssMb'>> {
  const c = tiffCase(seed, index);
  const label = `fuzz/${c.name.split(' ')[0]}`;
  try {
    await decodeGeoTiff(c.bytes, label);
    return { name: c.name, outcome: 'accepted', unlocated: [], message: '' };
  } catch (error) {
    if (error instanceof GisError) {
      return {
        name: c.name,
        outcome: 'refused',
        unlocated: error.message.startsWith(`${label}: `) ? [] : [error.message],
        message: error.message.slice(0, 300),
      };
    }
    return { name: c.name, outcome: 'crash', unlocated: [], message: String((error as Error)?.stack ?? error) };
  }
}

const [kind, seedText, fromText, toText] = process.argv.slice(2);
const seed = Number(seedText);
for (let i = Number(fromText); i < Number(toText); i++) {
  const started = performance.now();
  const report = await (kind === 'tiff' ? tiff : yaml)(seed, i);
  const line: CaseReport = {
    i,
    ...report,
    ms: Math.round(performance.now() - started),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
