/**
 * Scenario reports: one self-contained HTML file and its A4 PDF, and an interactive HTML explorer,
 * from a ReportInput.
 * The CLI and the desktop app call these through the engine API.
 */
export type * from './types.js';
export { frontLayoutsOfMatrix, NOT_CHANGEABLE } from './types.js';
export { renderReportHtml } from './html.js';
export type { RenderHtmlOptions } from './html.js';
export { renderInteractiveHtml } from './interactive/render.js';
export type { RenderInteractiveOptions } from './interactive/render.js';
export { renderReportPdf, openPdfPrinter, findChromium, chromiumCandidates, CHROMIUM_CANDIDATES } from './pdf.js';
export type { PdfOptions, PdfPrinter } from './pdf.js';
export { ReportInputError, ChromiumNotFoundError } from './errors.js';
export { validateReportInput, markedSolutions, classAreasHa, fromToMatrixHa, demandStatus } from './analysis.js';
export type { MarkedSolution, DemandStatus } from './analysis.js';
export {
  scatterPairOption,
  parallelOption,
  convergenceOption,
  objectivePairs,
  axisTitle,
  DEFAULT_CHART_STYLE,
} from '../charts/front-charts.js';
export type {
  FrontChartData,
  ChartObjective,
  ChartPoint,
  ChartMark,
  ChartStyle,
  ConvergencePoint,
} from '../charts/front-charts.js';
export { renderChartSvg } from './chart-svg.js';
export { renderClassMap, renderChangeMap, scaleBar, pngDataUri, UNCHANGED_COLOR } from './map-image.js';
