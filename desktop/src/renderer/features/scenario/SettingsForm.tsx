import { useEffect, useMemo, useState } from 'react';
import type { OpenedScenario } from '../../../../../engine/src/api/contract.js';
import { api } from '../../api/client.js';
import { ErrorNotice } from '../../components/Notice.js';
import { NumberField } from '../../components/NumberField.js';
import { messageOf } from '../../state/errors.js';
import { draftOf, settingsOf, suggestedCopyPath, validateDraft, type SettingsDraft } from './settings-model.js';

/** Demands, objective weights and optimiser settings, saved into a new scenario file. */
export function SettingsForm({
  scenario,
  onSaved,
}: {
  scenario: OpenedScenario;
  onSaved: (s: OpenedScenario) => void;
}) {
  const base = scenario.settings!;
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(base));
  const [target, setTarget] = useState(() => suggestedCopyPath(scenario.path));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [replace, setReplace] = useState(false);
  useEffect(() => {
    setDraft(draftOf(scenario.settings!));
    setTarget(suggestedCopyPath(scenario.path));
  }, [scenario]);
  const errors = useMemo(() => validateDraft(draft), [draft]);
  const invalid = Object.keys(errors).length > 0;
  const classNames = new Map(scenario.summary?.classes.map((c) => [c.id, c.name]));

  const field = (key: string, label: string, value: string, onChange: (v: string) => void, size = 7) => (
    <NumberField id={key} label={label} value={value} onChange={onChange} error={errors[key]} size={size} />
  );

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const result = await api.saveScenarioAs(scenario.path, settingsOf(draft, base), target, { overwrite: replace });
      setSaved(result.path);
      onSaved(result);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="card settings"
      aria-labelledby="settings-heading"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) void save();
      }}
    >
      <h3 id="settings-heading">Settings</h3>
      <fieldset>
        <legend>Demands (ha)</legend>
        <table className="dense">
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col">Minimum</th>
              <th scope="col">Maximum</th>
            </tr>
          </thead>
          <tbody>
            {draft.demands.map((d, i) => (
              <tr key={d.classId}>
                <td>{classNames.get(d.classId) ?? d.classId}</td>
                <td>
                  {field(
                    `demand.${d.classId}.min`,
                    `Minimum hectares of ${classNames.get(d.classId) ?? d.classId}`,
                    d.min,
                    (v) =>
                      setDraft({ ...draft, demands: draft.demands.map((x, j) => (j === i ? { ...x, min: v } : x)) }),
                  )}
                </td>
                <td>
                  {field(
                    `demand.${d.classId}.max`,
                    `Maximum hectares of ${classNames.get(d.classId) ?? d.classId}`,
                    d.max,
                    (v) =>
                      setDraft({ ...draft, demands: draft.demands.map((x, j) => (j === i ? { ...x, max: v } : x)) }),
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <fieldset>
        <legend>Objective weights</legend>
        <table className="dense">
          <tbody>
            {draft.weights.map((w, i) => (
              <tr key={`${w.objective}.${w.indicator}`}>
                <td className="muted">{w.objectiveLabel}</td>
                <td title={`${w.objective}.${w.indicator}`}>{w.label}</td>
                <td>
                  {field(
                    `weight.${w.objective}.${w.indicator}`,
                    `Weight of ${w.label} (${w.objectiveLabel.toLowerCase()})`,
                    w.value,
                    (v) =>
                      setDraft({ ...draft, weights: draft.weights.map((x, j) => (j === i ? { ...x, value: v } : x)) }),
                    5,
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <fieldset className="optimizer-fields">
        <legend>Optimiser</legend>
        <label>
          Population{' '}
          {field('population', 'Population', draft.population, (v) => setDraft({ ...draft, population: v }), 5)}
        </label>
        <label>
          Generations{' '}
          {field('generations', 'Generations', draft.generations, (v) => setDraft({ ...draft, generations: v }), 5)}
        </label>
        <label>Seed {field('seed', 'Seed', draft.seed, (v) => setDraft({ ...draft, seed: v }), 5)}</label>
        <label>
          Workers {field('workers', 'Workers', draft.workers, (v) => setDraft({ ...draft, workers: v }), 5)}
        </label>
      </fieldset>
      <div className="save-row">
        <label htmlFor="save-target">Save as</label>
        <input
          id="save-target"
          type="text"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          spellCheck={false}
        />
        <button
          type="button"
          onClick={() =>
            void api.chooseFile('save-scenario', target).then((chosen) => {
              if (chosen) setTarget(chosen);
            })
          }
          hidden={!window.paretoplan}
        >
          Browse…
        </button>
        <button type="submit" disabled={invalid || saving || !target.trim()}>
          {saving ? 'Saving…' : 'Save as new scenario'}
        </button>
        <label className="check">
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> replace the file if
          it exists
        </label>
      </div>
      {invalid && <p className="field-error">Fix the highlighted fields to save.</p>}
      {saved && !error && (
        <p className="muted" role="status">
          Saved and opened {saved}.
        </p>
      )}
      <ErrorNotice error={error} />
    </form>
  );
}
