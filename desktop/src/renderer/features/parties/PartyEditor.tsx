/**
 * Editing the parties at the table: add and remove parties, rename them, switch a party between
 * weights and aspiration levels (with optional reservation levels) and type its values. Every
 * change is checked by the engine as a parties file is (api.checkParties: the file's schema and
 * checks, names against the run's criteria), and its messages appear beside the fields; the
 * bounds (how many parties, the smallest weight) come from the same schema. "Recompute picks"
 * judges the run by the edited parties.
 */
import { NumberField } from '../../components/NumberField.js';
import { useEffect, useState } from 'react';
import type { PartiesCheckView, PartiesView, PartyInput } from '../../../../../engine/src/api/contract.js';
import { partyColor } from '../../../../../engine/src/charts/decision-colors.js';
import { api } from '../../api/client.js';
import { ErrorNotice } from '../../components/Notice.js';
import { formatAuto } from '../../format.js';
import {
  draftInputs,
  issuesOf,
  newPartyDraft,
  shownCriteria,
  switchForm,
  withDraft,
  withValue,
  type PartyDraft,
} from './parties-model.js';

/** How long typing pauses before the engine checks the parties (ms). */
const CHECK_DELAY_MS = 200;

export interface PartyEditorProps {
  dir: string;
  view: PartiesView;
  drafts: PartyDraft[];
  onDrafts: (drafts: PartyDraft[]) => void;
  /** The engine's check of the drafts (null until the first answer, or when it failed: `checkError`). */
  check: PartiesCheckView | null;
  checkError: string | null;
  busy: boolean;
  onApply: (parties: PartyInput[]) => void;
  onCancel: () => void;
}

/** The engine's check of the drafts, asked again when they change (after a short pause), or why it failed. */
export function usePartiesCheck(
  dir: string,
  drafts: PartyDraft[] | null,
): { check: PartiesCheckView | null; error: string | null } {
  const [state, setState] = useState<{ check: PartiesCheckView | null; error: string | null }>({
    check: null,
    error: null,
  });
  useEffect(() => {
    if (!drafts) {
      setState({ check: null, error: null });
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      api.checkParties(dir, draftInputs(drafts)).then(
        (check) => !cancelled && setState({ check, error: null }),
        (error: unknown) => !cancelled && setState({ check: null, error: (error as Error).message }),
      );
    }, CHECK_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [dir, drafts]);
  return state;
}

export function PartyEditor({ view, drafts, onDrafts, check, checkError, busy, onApply, onCancel }: PartyEditorProps) {
  const limits = check?.limits ?? null;
  const issues = check?.issues ?? [];
  const listIssues = issuesOf(issues, null);
  const checked = check !== null;
  return (
    <section className="card party-editor" aria-labelledby="party-editor-heading">
      <div className="card-head">
        <h3 id="party-editor-heading">Edit the parties</h3>
        <div className="button-row">
          <button
            type="button"
            disabled={!limits || drafts.length >= limits.maxParties}
            title={limits ? `At most ${limits.maxParties} parties` : undefined}
            onClick={() => onDrafts([...drafts, newPartyDraft(drafts, view)])}
          >
            Add party
          </button>
          <button type="button" disabled={busy || !checked || !check.ok} onClick={() => onApply(draftInputs(drafts))}>
            {busy ? 'Judging…' : 'Recompute picks'}
          </button>
          <button type="button" className="link" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
      <p className="muted">
        Each party gives <strong>weights</strong> (how much each objective or sub-indicator counts) or{' '}
        <strong>aspiration levels</strong> (the value it wants each to reach, in its own unit or as{' '}
        <code>"75 % of range"</code>) with optional <strong>reservation levels</strong> (the worst it accepts). A blank
        field is left out. Checked as a parties file is{limits ? `: 1 to ${limits.maxParties} parties` : ''}.
      </p>
      <ErrorNotice error={checkError} />
      {listIssues.length > 0 && (
        <ul className="field-error" role="alert">
          {listIssues.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      <div className="party-edit-list">
        {drafts.map((draft, p) => (
          <PartyFields
            key={p}
            index={p}
            draft={draft}
            view={view}
            color={partyColor(draft.color || null, p)}
            issues={check?.issues ?? []}
            minWeight={limits?.minWeight ?? 0}
            help={limits?.help ?? null}
            canRemove={drafts.length > (limits?.minParties ?? 1)}
            onChange={(next) => onDrafts(next(drafts))}
          />
        ))}
      </div>
      {checked && !check.ok && <p className="field-error">Fix the marked fields to recompute the picks.</p>}
    </section>
  );
}

function PartyFields({
  index: p,
  draft,
  view,
  color,
  issues,
  minWeight,
  help,
  canRemove,
  onChange,
}: {
  index: number;
  draft: PartyDraft;
  view: PartiesView;
  color: string;
  issues: PartiesCheckView['issues'];
  minWeight: number;
  help: PartiesCheckView['limits']['help'] | null;
  canRemove: boolean;
  onChange: (update: (drafts: PartyDraft[]) => PartyDraft[]) => void;
}) {
  const who = draft.name.trim() || draft.id || `Party ${p + 1}`;
  const errors = (field: string | null, criterion?: string | null) => issuesOf(issues, p, field, criterion);
  const criteria = shownCriteria(draft, view);
  const hidden = view.criteria.filter((c) => !criteria.includes(c));
  const weights = draft.form === 'weights';
  const valueField = (field: 'weights' | 'aspirations' | 'reservations', criterion: string, label: string) => {
    const messages = errors(field, criterion);
    return (
      <NumberField
        id={`party-${p}-${field}-${criterion}`}
        label={`${who}: ${label} of ${criterion}`}
        error={messages.length > 0 ? messages.join('; ') : null}
        inputMode={field === 'weights' ? 'decimal' : 'text'}
        size={field === 'weights' ? 5 : 12}
        placeholder={field === 'weights' ? `≥ ${minWeight}` : field === 'reservations' ? 'none' : ''}
        value={draft[field][criterion] ?? ''}
        onChange={(text) => onChange((all) => withValue(all, p, field, criterion, text))}
      />
    );
  };
  const partyErrors = [
    ...errors(null),
    ...errors('weights', null),
    ...errors('aspirations', null),
    ...errors('reservations', null),
  ];
  return (
    <fieldset className="party-edit" data-testid="party-edit">
      <legend>
        <span className="swatch" style={{ background: color }} aria-hidden="true" /> {who}
      </legend>
      <div className="input-row">
        <label>
          Name{' '}
          <input
            aria-label={`Party ${p + 1} name`}
            title={help?.name}
            value={draft.name}
            onChange={(e) => onChange((all) => withDraft(all, p, { name: e.target.value }))}
          />
        </label>
        <label>
          Id{' '}
          <input
            aria-label={`Party ${p + 1} id`}
            aria-invalid={errors('id').length > 0 ? true : undefined}
            title={help?.id}
            size={12}
            value={draft.id}
            onChange={(e) => onChange((all) => withDraft(all, p, { id: e.target.value }))}
          />
        </label>
        {errors('id').length > 0 && <span className="field-error">{errors('id').join('; ')}</span>}
        <span role="radiogroup" aria-label={`${who}: preference form`} className="form-switch">
          {(['weights', 'aspirations'] as const).map((form) => (
            <label key={form} className="check" title={help?.[form]}>
              <input
                type="radio"
                name={`party-${p}-form`}
                checked={draft.form === form}
                onChange={() => onChange((all) => withDraft(all, p, switchForm(all[p]!, form, view)))}
              />{' '}
              {form === 'weights' ? 'Weights' : 'Aspiration levels'}
            </label>
          ))}
        </span>
        <button
          type="button"
          className="link danger"
          disabled={!canRemove}
          onClick={() => onChange((all) => all.filter((_, i) => i !== p))}
        >
          Remove {who}
        </button>
      </div>
      <table className="dense">
        <thead>
          <tr>
            <th scope="col">Objective / sub-indicator</th>
            <th scope="col" className="muted">
              On this front (worst → best)
            </th>
            {weights ? (
              <th scope="col">Weight</th>
            ) : (
              <>
                <th scope="col">Aspiration</th>
                <th scope="col">Reservation (optional)</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {criteria.map((c) => (
            <tr key={c.id}>
              <th scope="row" title={c.id}>
                {c.label}
              </th>
              <td className="muted num">
                {formatAuto(c.worst)} → {formatAuto(c.best)}
              </td>
              {weights ? (
                <td>{valueField('weights', c.id, 'weight')}</td>
              ) : (
                <>
                  <td>{valueField('aspirations', c.id, 'aspiration')}</td>
                  <td>{valueField('reservations', c.id, 'reservation')}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {hidden.length > 0 && (
        <label className="add-criterion">
          Add a sub-indicator{' '}
          <select
            aria-label={`${who}: add a sub-indicator`}
            value=""
            onChange={(e) => {
              const id = e.target.value;
              if (id) onChange((all) => withValue(all, p, weights ? 'weights' : 'aspirations', id, weights ? '1' : ''));
            }}
          >
            <option value="">choose…</option>
            {hidden.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {partyErrors.length > 0 && (
        <ul className="field-error">
          {partyErrors.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
