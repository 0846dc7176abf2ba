/**
 * The engine API: the one facade the CLI, the Electron main process and the browser-mode
 * server call. Everything a front end needs is exported from here; nothing else in engine/src
 * is imported by front ends (enforced by lint).
 */
export { engineVersion } from './version.js';
export { isInputError } from './errors.js';
export type * from './contract.js';
export { listScenarioFiles, bundledScenariosDir } from './scenarios.js';
