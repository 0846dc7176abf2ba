/**
 * Rules and constants that every layer and front end shares, defined once: the bounds of the
 * optimiser settings and demands with their messages, the class index of cells outside the
 * study area, the binary frame that carries the engine's answers to the browser
 * (answer-frames.ts), and cells sent as runs (cell-runs.ts). Pure TypeScript without imports, so the app's renderer loads it too.
 */
export * from './limits.js';
export { NO_CLASS, PARTIES_DISAGREE } from './cells.js';
export { ANSWER_FRAMES_TYPE, decodeAnswerFrame, encodeAnswerFrame } from './answer-frames.js';
export { cellRuns, maskOfRuns } from './cell-runs.js';
