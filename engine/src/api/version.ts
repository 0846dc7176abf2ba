import { packageJson } from './project-root.js';

/** The engine version (from package.json), recorded in run folders and reports. */
export const engineVersion: string = packageJson.version;
