/** Export: the report of chosen layouts (HTML/PDF), one layout as GeoTIFF/GeoJSON, the front as CSV. */
import { useEffect, useState } from 'react';
import type { FrontView, ReportRequest } from '../../../../../engine/src/api/contract.js';
import { api } from '../../api/client.js';
import { EmptyState, ErrorNotice } from '../../components/Notice.js';
import { messageOf } from '../../state/errors.js';
import { layoutName } from '../pareto-explorer/front-model.js';
import { destinationFields, RUN_FOLDER, type Destination } from './destination.js';
import { ReportRuns } from './ReportRuns.js';
import { WrittenFiles, type Written } from './WrittenFiles.js';

export interface ExportPanelProps {
  front: FrontView | null;
  selected: number | null;
  compare: number[];
  /** Files written so far, newest first (kept by the app, so leaving the tab keeps the list). */
  written: readonly Written[];
  onWritten: (files: Written[]) => void;
}

export type { Written };

export function ExportPanel({ front, selected, compare, written, onWritten }: ExportPanelProps) {
  const [reportFormat, setReportFormat] = useState<ReportRequest['format']>('html');
  const [reportSet, setReportSet] = useState<'highlights' | 'compare' | 'selected'>(
    compare.length >= 2 ? 'compare' : 'highlights',
  );
  const [layoutId, setLayoutId] = useState<number | null>(selected);
  const [layoutFormat, setLayoutFormat] = useState<'geotiff' | 'geojson'>('geotiff');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [destination, setDestination] = useState<Destination>(RUN_FOLDER);
  const [withRuns, setWithRuns] = useState<string[]>([]);
  // Other runs are chosen per run: another run opened starts with none.
  const dir = front?.dir;
  useEffect(() => setWithRuns([]), [dir]);

  if (!front) {
    return (
      <EmptyState title="Nothing to export yet">
        <p>Open a run to export its report, layouts and front.</p>
      </EmptyState>
    );
  }
  const chosenLayout = layoutId ?? selected ?? front.highlights.knee;
  const reportIds =
    reportSet === 'compare' ? compare : reportSet === 'selected' && selected !== null ? [selected] : undefined;

  const run = async (what: string, task: () => Promise<Written[]>) => {
    setBusy(what);
    setError(null);
    try {
      const files = await task();
      onWritten(files);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="export">
      <section className="card destination" aria-labelledby="destination-heading">
        <h3 id="destination-heading">Save files in</h3>
        <label className="check">
          <input
            type="radio"
            name="destination"
            checked={destination.folder === null}
            onChange={() => setDestination(RUN_FOLDER)}
          />{' '}
          the run folder <span className="path">{front.dir}</span>
        </label>
        <div className="input-row">
          <label className="check">
            <input
              type="radio"
              name="destination"
              checked={destination.folder !== null}
              onChange={() => setDestination({ ...destination, folder: destination.folder ?? '' })}
            />{' '}
            another folder
          </label>
          <input
            type="text"
            aria-label="Export folder"
            placeholder={window.paretoplan ? 'Choose a folder…' : 'a folder inside one you opened'}
            value={destination.folder ?? ''}
            onChange={(e) => setDestination({ ...destination, folder: e.target.value })}
            spellCheck={false}
          />
          {window.paretoplan && (
            <button
              type="button"
              onClick={() =>
                void api
                  .chooseFile('export-folder')
                  .then((folder) => folder && setDestination({ ...destination, folder }))
              }
            >
              Choose…
            </button>
          )}
          <label className="check">
            <input
              type="checkbox"
              checked={destination.replace}
              disabled={destination.folder === null}
              onChange={(e) => setDestination({ ...destination, replace: e.target.checked })}
            />{' '}
            replace files that exist
          </label>
        </div>
      </section>
      <div className="three-col">
        <section className="card" aria-labelledby="report-heading">
          <h3 id="report-heading">Report</h3>
          <fieldset>
            <legend>Layouts in the report</legend>
            <label className="check">
              <input
                type="radio"
                name="report-set"
                checked={reportSet === 'highlights'}
                onChange={() => setReportSet('highlights')}
              />{' '}
              Compromise and extremes
            </label>
            <label className="check">
              <input
                type="radio"
                name="report-set"
                checked={reportSet === 'compare'}
                onChange={() => setReportSet('compare')}
                disabled={compare.length === 0}
              />{' '}
              Compared layouts {compare.length > 0 && `(${compare.map((id) => `#${id}`).join(', ')})`}
            </label>
            <label className="check">
              <input
                type="radio"
                name="report-set"
                checked={reportSet === 'selected'}
                onChange={() => setReportSet('selected')}
                disabled={selected === null}
              />{' '}
              Selected layout {selected !== null && `(#${selected})`}
            </label>
          </fieldset>
          <ReportRuns
            dir={front.dir}
            chosen={withRuns}
            onChange={setWithRuns}
            disabled={reportFormat === 'interactive'}
          />
          <label>
            Format{' '}
            <select
              value={reportFormat}
              onChange={(e) => setReportFormat(e.target.value as typeof reportFormat)}
              aria-label="Report format"
            >
              <option value="html">HTML</option>
              <option value="pdf">PDF</option>
              <option value="both">HTML and PDF</option>
              <option value="interactive">Interactive HTML (explore offline)</option>
            </select>
          </label>
          <button
            type="button"
            className="primary"
            disabled={busy !== null}
            onClick={() =>
              void run('report', async () => {
                const r = await api.createReport({
                  dir: front.dir,
                  format: reportFormat,
                  ...(reportIds ? { solutions: reportIds } : {}),
                  ...(withRuns.length > 0 && reportFormat !== 'interactive' ? { withRuns } : {}),
                  ...destinationFields(destination, { kind: 'report', format: reportFormat }),
                });
                return [
                  ...(r.html ? [{ what: 'Report (HTML)', file: r.html }] : []),
                  ...(r.pdf ? [{ what: 'Report (PDF)', file: r.pdf }] : []),
                  ...(r.interactive ? [{ what: 'Interactive report', file: r.interactive }] : []),
                ];
              })
            }
          >
            {busy === 'report' ? 'Writing the report…' : 'Create report'}
          </button>
        </section>
        <section className="card" aria-labelledby="layout-export-heading">
          <h3 id="layout-export-heading">Layout map</h3>
          <label>
            Layout{' '}
            <select
              value={chosenLayout}
              onChange={(e) => setLayoutId(Number(e.target.value))}
              aria-label="Layout to export"
            >
              {front.solutions.map((s) => (
                <option key={s.id} value={s.id}>
                  {layoutName(front, s.id)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Format{' '}
            <select
              value={layoutFormat}
              onChange={(e) => setLayoutFormat(e.target.value as typeof layoutFormat)}
              aria-label="Layout format"
            >
              <option value="geotiff">GeoTIFF (classes, with colours)</option>
              <option value="geojson">GeoJSON (polygons)</option>
            </select>
          </label>
          <button
            type="button"
            className="primary"
            disabled={busy !== null}
            onClick={() =>
              void run('layout', async () => {
                const r = await api.exportLayout({
                  dir: front.dir,
                  solution: chosenLayout,
                  format: layoutFormat,
                  ...destinationFields(destination, { kind: 'layout', id: chosenLayout, format: layoutFormat }),
                });
                return [
                  {
                    what: `Layout #${r.solution} (${layoutFormat === 'geotiff' ? 'GeoTIFF' : 'GeoJSON'})`,
                    file: r.file,
                  },
                ];
              })
            }
          >
            {busy === 'layout' ? 'Exporting…' : 'Export layout'}
          </button>
        </section>
        <section className="card" aria-labelledby="csv-heading">
          <h3 id="csv-heading">Front table</h3>
          <p className="muted">Every layout with its objectives, sub-indicators and area per class.</p>
          <button
            type="button"
            className="primary"
            disabled={busy !== null}
            onClick={() =>
              void run('csv', async () => {
                const r = await api.exportLayout({
                  dir: front.dir,
                  format: 'csv',
                  ...destinationFields(destination, { kind: 'csv' }),
                });
                return [{ what: 'Front (CSV)', file: r.file }];
              })
            }
          >
            {busy === 'csv' ? 'Exporting…' : 'Export CSV'}
          </button>
        </section>
      </div>
      <ErrorNotice error={error} />
      {busy && (
        <p className="muted" role="status">
          Working…
        </p>
      )}
      {written.length > 0 && <WrittenFiles written={written} />}
    </div>
  );
}
