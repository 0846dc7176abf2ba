/**
 * The report's "Agreement across runs" in the Export tab: other runs the app knows on the same
 * grid with the same classes (api.relatedRuns), any of which the report compares with this run
 * (ReportRequest.withRuns, `paretoplan report --with-runs`). The engine checks that today's land
 * use matches too and names a run that differs.
 */
import { useEffect, useState } from 'react';
import type { RelatedRun } from '../../../../../engine/src/api/contract.js';
import { api } from '../../api/client.js';

export interface ReportRunsProps {
  dir: string;
  chosen: readonly string[];
  onChange: (dirs: string[]) => void;
  /** The interactive report has no such chapter. */
  disabled: boolean;
}

export function ReportRuns({ dir, chosen, onChange, disabled }: ReportRunsProps) {
  const [related, setRelated] = useState<RelatedRun[]>([]);
  useEffect(() => {
    let live = true;
    void api.relatedRuns(dir).then(
      (list) => live && setRelated(list.filter((r) => r.dir !== dir)),
      () => live && setRelated([]),
    );
    return () => {
      live = false;
    };
  }, [dir]);
  if (related.length === 0) return null;
  const toggle = (other: string, on: boolean) => onChange(on ? [...chosen, other] : chosen.filter((d) => d !== other));
  return (
    <fieldset>
      <legend>Agreement across runs</legend>
      {disabled && <p className="muted">Not in the interactive report.</p>}
      {related.map((r) => (
        <label className="check" key={r.dir} title={r.dir}>
          <input
            type="checkbox"
            checked={chosen.includes(r.dir)}
            disabled={disabled}
            onChange={(e) => toggle(r.dir, e.target.checked)}
          />{' '}
          {r.scenarioName} · seed {r.seed} ·{' '}
          {new Date(r.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}
        </label>
      ))}
    </fieldset>
  );
}
