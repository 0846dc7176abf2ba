/**
 * The parties at the table: each party's preference and the layout it would choose, the
 * compromises between them by each rule, every layout's satisfaction per party (sortable), and
 * where their picks agree or clash on the map. The analysis is the engine's (`paretoplan parties`,
 * docs/parties.md), computed by the service; this view only shows it. Clicking a layout id
 * selects it in the explorer. Parties are edited here (PartyEditor.tsx), saved to a parties file,
 * and ranked in a workshop (Workshop.tsx).
 */
import { useEffect, useMemo, useState } from 'react';
import type { FrontView, PartiesView, PartyInput } from '../../../../../engine/src/api/contract.js';
import { conflictColor, NO_VALUE_COLOR, partyColor } from '../../../../../engine/src/charts/decision-colors.js';
import { NO_CLASS, PARTIES_DISAGREE } from '../../../../../engine/src/rules/index.js';
import { EmptyState, ErrorNotice } from '../../components/Notice.js';
import { formatAuto, formatNumber } from '../../format.js';
import { MapCanvas } from '../map/MapCanvas.js';
import { classPalette, packColor, paintClasses, parseHexColor } from '../map/render.js';
import type { MapView } from '../map/view.js';
import { solutionRole } from '../pareto-explorer/front-model.js';
import { api } from '../../api/client.js';
import { PartyEditor, usePartiesCheck } from './PartyEditor.js';
import { Workshop } from './Workshop.js';
import {
  defaultPartiesTarget,
  draftInputs,
  partyDrafts,
  partyInputs,
  preferenceText,
  sortedLayouts,
  type PartyDraft,
  type SatisfactionSort,
} from './parties-model.js';

export interface PartiesPanelProps {
  front: FrontView | null;
  /** The analysis shown (kept by the app so the explorer can mark the picks). */
  parties: PartiesView | null;
  /** The parties file asked for ('' = the scenario's `parties:` section). */
  file: string;
  busy: boolean;
  error: string | null;
  onLoad: (file: string) => void;
  /** Recompute with the parties as edited here. */
  onEdit: (parties: PartyInput[]) => void;
  selected: number | null;
  onSelect: (id: number) => void;
  onGoToRun: () => void;
}

export function PartiesPanel(props: PartiesPanelProps) {
  if (!props.front) {
    return (
      <EmptyState title="No run open">
        <p>Open a run to see how the parties at the table judge its layouts.</p>
        <button type="button" onClick={props.onGoToRun}>
          Go to runs
        </button>
      </EmptyState>
    );
  }
  return <Parties {...props} front={props.front} />;
}

const score = (v: number) => formatNumber(v, 2);

/**
 * Save the parties (as edited, else as shown) to a YAML parties file: by default into the run's
 * exports folder; elsewhere inside folders already opened (browser mode) or anywhere the save
 * dialog allows (Electron). The service checks the parties against the run first and writes
 * atomically; the view then reads the saved file.
 */
function SaveParties({
  dir,
  parties,
  onSaved,
}: {
  dir: string;
  parties: PartyInput[];
  onSaved: (file: string) => void;
}) {
  const [target, setTarget] = useState(() => defaultPartiesTarget(dir));
  useEffect(() => setTarget(defaultPartiesTarget(dir)), [dir]);
  const [replace, setReplace] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setSaving(true);
    setError(null);
    setSaved(null);
    try {
      const done = await api.saveParties(dir, parties, target.trim(), { overwrite: replace });
      setSaved(`Saved ${done.parties} ${done.parties === 1 ? 'party' : 'parties'} to ${done.file}.`);
      onSaved(done.file);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <section className="card" aria-labelledby="save-parties-heading">
      <h3 id="save-parties-heading">Save the parties</h3>
      <form
        className="input-row"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label htmlFor="save-parties-target">Save to</label>
        <input
          id="save-parties-target"
          className="path"
          value={target}
          spellCheck={false}
          onChange={(e) => setTarget(e.target.value)}
        />
        <button
          type="button"
          hidden={!window.paretoplan}
          onClick={() =>
            void api.chooseFile('save-parties', target).then((chosen) => {
              if (chosen) setTarget(chosen);
            })
          }
        >
          Browse…
        </button>
        <button type="submit" disabled={saving || !target.trim()}>
          {saving ? 'Saving…' : 'Save parties'}
        </button>
        <label className="check">
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> replace the file if
          it exists
        </label>
      </form>
      <p className="muted">
        A YAML parties file (docs/parties.md) with the parties as edited (or, when not editing, as shown), levels in
        this run's units. Load it again above, or use it with <code>paretoplan parties &lt;run&gt; --parties FILE</code>
        .
      </p>
      {saved && !error && (
        <p className="muted" role="status">
          {saved}
        </p>
      )}
      <ErrorNotice error={error} />
    </section>
  );
}
/** Weights and levels as written: whole numbers without decimals. */
const formatLevel = (v: number) => (Number.isInteger(v) ? formatNumber(v, 0) : formatAuto(v));

function Parties({
  front,
  parties,
  file,
  busy,
  error,
  onLoad,
  onEdit,
  selected,
  onSelect,
}: PartiesPanelProps & { front: FrontView }) {
  const [draft, setDraft] = useState(file);
  useEffect(() => setDraft(file), [file]);
  const layoutButton = (id: number) => {
    // The front's own compromise (the knee) is not one of the parties' compromises: say so.
    const role = id === front.highlights.knee ? "front's compromise" : solutionRole(front, id);
    return (
      <button
        type="button"
        className={id === selected ? 'link layout-id selected' : 'link layout-id'}
        onClick={() => onSelect(id)}
        title={`Select layout #${id} in the explorer`}
        data-testid="party-layout"
      >
        #{id}
        {role && <span className="muted"> {role}</span>}
      </button>
    );
  };

  return (
    <div className="parties stack">
      <section className="card" aria-labelledby="parties-file-heading">
        <div className="card-head">
          <h3 id="parties-file-heading">Parties at the table</h3>
          {parties && <span className="muted mono">{parties.source}</span>}
        </div>
        <form
          className="input-row"
          onSubmit={(e) => {
            e.preventDefault();
            onLoad(draft.trim());
          }}
        >
          <label htmlFor="parties-file">Parties file</label>
          <input
            id="parties-file"
            className="path"
            value={draft}
            placeholder="the scenario's parties: section"
            onChange={(e) => setDraft(e.target.value)}
          />
          <button
            type="button"
            hidden={!window.paretoplan}
            onClick={() =>
              void api.chooseFile('open-parties', draft || undefined).then((chosen) => {
                if (chosen) onLoad(chosen);
              })
            }
          >
            Browse…
          </button>
          <button type="submit" disabled={busy}>
            {busy ? 'Judging…' : 'Load'}
          </button>
        </form>
        <p className="muted">
          A parties file (YAML, see docs/parties.md) names each party and what it wants; leave it empty to use the
          scenario's <code>parties:</code> section. Satisfaction runs from 0 (the worst layout on this front for the
          party) to 1 (all it asks for).
          {parties?.edited ? ' The parties shown are as edited here; Load goes back to the file.' : ''}
        </p>
        <ErrorNotice error={error} />
      </section>
      {parties && (
        <PartiesResults
          front={front}
          view={parties}
          selected={selected}
          layoutButton={layoutButton}
          busy={busy}
          onEdit={onEdit}
          onLoad={onLoad}
        />
      )}
    </div>
  );
}

function PartiesResults({
  front,
  view,
  selected,
  layoutButton,
  busy,
  onEdit,
  onLoad,
}: {
  front: FrontView;
  view: PartiesView;
  selected: number | null;
  layoutButton: (id: number) => React.ReactNode;
  busy: boolean;
  onEdit: (parties: PartyInput[]) => void;
  onLoad: (file: string) => void;
}) {
  const colors = view.parties.map((p, i) => partyColor(p.color, i));
  // The parties being edited, or null when only shown; a new analysis ends the edit.
  const [drafts, setDrafts] = useState<PartyDraft[] | null>(null);
  useEffect(() => setDrafts(null), [view]);
  const { check, error: checkError } = usePartiesCheck(front.dir, drafts);
  const [workshop, setWorkshop] = useState(false);
  return (
    <>
      <div className="stack">
        <section className="card" aria-labelledby="party-picks-heading">
          <div className="card-head">
            <h3 id="party-picks-heading">Each party's pick</h3>
            <div className="button-row">
              {!drafts && (
                <button type="button" onClick={() => setDrafts(partyDrafts(partyInputs(view)))}>
                  Edit parties
                </button>
              )}
              <button type="button" aria-pressed={workshop} onClick={() => setWorkshop(!workshop)}>
                {workshop ? 'Close the workshop' : 'Workshop mode'}
              </button>
            </div>
          </div>
          <table className="dense" data-testid="party-table">
            <thead>
              <tr>
                <th scope="col">Party</th>
                <th scope="col">Wants</th>
                <th scope="col">Pick</th>
                <th scope="col" className="num">
                  Satisfaction
                </th>
              </tr>
            </thead>
            <tbody>
              {view.parties.map((party, p) => (
                <tr key={party.id} data-testid="party-row" title={party.description}>
                  <th scope="row">
                    <span className="swatch" style={{ background: colors[p] }} aria-hidden="true" /> {party.name}
                  </th>
                  <td className="preference">{preferenceText(party, formatLevel)}</td>
                  <td>{layoutButton(party.preferred)}</td>
                  <td className="num">{score(party.satisfaction[party.preferred]!)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {drafts && (
          <PartyEditor
            dir={front.dir}
            view={view}
            drafts={drafts}
            onDrafts={setDrafts}
            check={check}
            checkError={checkError}
            busy={busy}
            onApply={onEdit}
            onCancel={() => setDrafts(null)}
          />
        )}
      </div>
      {workshop && <Workshop front={front} view={view} />}
      <div className="stack">
        <section className="card" aria-labelledby="compromises-heading">
          <h3 id="compromises-heading">Compromises between the parties</h3>
          <div className="table-scroll">
            <table className="dense" data-testid="compromise-table">
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Layout</th>
                  {view.parties.map((party) => (
                    <th key={party.id} scope="col" className="num">
                      {party.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.compromises.map((c) => (
                  <tr key={c.rule} data-testid="compromise-row" title={`${c.valueLabel} ${formatAuto(c.value)}`}>
                    <th scope="row">{c.title}</th>
                    <td>{layoutButton(c.id)}</td>
                    {c.satisfaction.map((s, p) => (
                      <td key={p} className="num">
                        {score(s)}
                      </td>
                    ))}
                  </tr>
                ))}
                <tr data-testid="compromise-row">
                  <th scope="row">Borda count over the shortlist</th>
                  <td>
                    {view.borda.winners.map((id) => (
                      <span key={id}>{layoutButton(id)} </span>
                    ))}
                    {view.borda.winners.length > 1 && <span className="muted">(tie)</span>}
                  </td>
                  {view.parties.map((party) => (
                    <td key={party.id} className="num">
                      {score(party.satisfaction[view.borda.winners[0]!]!)}
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
          <p className="muted">
            Satisfaction of each party with the compromise (for a Borda tie, with the first). Borda points (shortlist:
            the picks and the compromises):{' '}
            {view.borda.standings.map((s) => `#${s.id} ${formatAuto(s.points)}`).join(', ')}.
          </p>
        </section>
        <SaveParties dir={front.dir} parties={drafts ? draftInputs(drafts) : partyInputs(view)} onSaved={onLoad} />
      </div>
      <AgreementMaps front={front} view={view} />
      <SatisfactionTable front={front} view={view} selected={selected} layoutButton={layoutButton} colors={colors} />
    </>
  );
}

function SatisfactionTable({
  front,
  view,
  selected,
  layoutButton,
  colors,
}: {
  front: FrontView;
  view: PartiesView;
  selected: number | null;
  layoutButton: (id: number) => React.ReactNode;
  colors: string[];
}) {
  const [sort, setSort] = useState<SatisfactionSort>({ by: 'least', descending: true });
  const rows = useMemo(() => sortedLayouts(view, sort), [view, sort]);
  const header = (by: SatisfactionSort['by'], label: React.ReactNode, key: string) => {
    const active = sort.by === by;
    return (
      <th
        key={key}
        scope="col"
        className={by === 'id' ? '' : 'num'}
        aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      >
        <button
          type="button"
          className="link"
          onClick={() => setSort({ by, descending: active ? !sort.descending : by !== 'id' })}
        >
          {label}
          {active ? (sort.descending ? ' ▼' : ' ▲') : ''}
        </button>
      </th>
    );
  };
  return (
    <section className="card" aria-labelledby="satisfaction-heading">
      <div className="card-head">
        <h3 id="satisfaction-heading">Satisfaction with every layout</h3>
        <span className="muted">{front.solutions.length} layouts · click a heading to sort</span>
      </div>
      <div className="table-scroll">
        <table className="dense solutions" data-testid="satisfaction-table">
          <thead>
            <tr>
              {header('id', 'Layout', 'id')}
              {view.parties.map((party, p) =>
                header(
                  p,
                  <>
                    <span className="swatch" style={{ background: colors[p] }} aria-hidden="true" /> {party.name}
                  </>,
                  party.id,
                ),
              )}
              {header('least', 'Least satisfied', 'least')}
            </tr>
          </thead>
          <tbody>
            {rows.map((id) => (
              <tr key={id} className={id === selected ? 'selected' : ''}>
                <td>{layoutButton(id)}</td>
                {view.parties.map((party) => (
                  <td key={party.id} className={party.preferred === id ? 'num pick' : 'num'}>
                    {score(party.satisfaction[id]!)}
                    {party.preferred === id ? ' ★' : ''}
                  </td>
                ))}
                <td className="num">{score(Math.min(...view.parties.map((p) => p.satisfaction[id]!)))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">★ the party's pick.</p>
    </section>
  );
}

function AgreementMaps({ front, view }: { front: FrontView; view: PartiesView }) {
  const [mapView, setMapView] = useState<MapView | null>(null);
  const n = view.parties.length;
  const { consensus, conflict } = view;
  const consensusPixels = useMemo(() => {
    const palette = classPalette(front.classes.map((c) => c.color));
    palette[PARTIES_DISAGREE] = packColor(...parseHexColor(NO_VALUE_COLOR));
    const out = new Uint32Array(consensus.length);
    paintClasses(consensus, palette, out);
    return out;
  }, [front.classes, consensus]);
  // Index k: k parties disagree (0: all agree), the colours of the conflict GeoTIFF's style.
  const conflictColors = useMemo(
    () => Array.from({ length: n }, (_, k) => (k === 0 ? NO_VALUE_COLOR : conflictColor(k, n - 1))),
    [n],
  );
  const conflictPixels = useMemo(() => {
    const out = new Uint32Array(conflict.length);
    paintClasses(conflict, classPalette(conflictColors), out);
    return out;
  }, [conflict, conflictColors]);
  const ag = view.agreement;
  const ha = (v: number) => formatNumber(v, 1);
  return (
    <section className="card" aria-labelledby="agreement-heading">
      <div className="card-head">
        <h3 id="agreement-heading">Where the parties' picks agree and clash</h3>
        <span className="muted">
          agree on {ha(ag.consensusHa)} of {ha(ag.changeableHa)} changeable ha; clash on {ha(ag.conflictHa)} ha
        </span>
      </div>
      <div className="compare-maps n2">
        <div className="compare-slot" data-testid="consensus-map">
          <div className="slot-head">Consensus: the class all picks give (grey: they differ)</div>
          <MapCanvas
            width={front.grid.width}
            height={front.grid.height}
            pixels={consensusPixels}
            label="Consensus map of the parties' picks"
            view={mapView}
            onViewChange={setMapView}
            describeCell={(i) => {
              const c = consensus[i]!;
              return c === NO_CLASS ? '' : c === PARTIES_DISAGREE ? 'Parties disagree' : front.classes[c]!.name;
            }}
          />
        </div>
        <div className="compare-slot" data-testid="conflict-map">
          <div className="slot-head">
            Conflict: how many parties' picks differ from the most common class (grey: none)
          </div>
          <MapCanvas
            width={front.grid.width}
            height={front.grid.height}
            pixels={conflictPixels}
            label="Conflict map of the parties' picks"
            view={mapView}
            onViewChange={setMapView}
            describeCell={(i) => {
              const k = conflict[i]!;
              return k === NO_CLASS ? '' : k === 0 ? 'All parties agree' : `${k} of ${n} parties disagree`;
            }}
          />
        </div>
      </div>
      <div className="two-col">
        <table className="dense" data-testid="consensus-areas">
          <caption className="legend-note">Area per class (changeable cells, ha)</caption>
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col" className="num">
                All agree
              </th>
              <th scope="col" className="num">
                of which a change from today
              </th>
              <th scope="col" className="num">
                Contested
              </th>
            </tr>
          </thead>
          <tbody>
            {ag.classes
              .filter((c) => c.consensusHa > 0 || c.contestedHa > 0)
              .map((c) => (
                <tr key={c.classId}>
                  <th scope="row">
                    <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.name}
                  </th>
                  <td className="num">{ha(c.consensusHa)}</td>
                  <td className="num">{ha(c.agreedChangeHa)}</td>
                  <td className="num">{ha(c.contestedHa)}</td>
                </tr>
              ))}
            <tr>
              <th scope="row">
                <span className="swatch" style={{ background: NO_VALUE_COLOR }} aria-hidden="true" /> Parties disagree
              </th>
              <td className="num">{ha(ag.conflictHa)}</td>
              <td />
              <td />
            </tr>
          </tbody>
        </table>
        <table className="dense" data-testid="conflict-areas">
          <caption className="legend-note">Conflict (changeable cells, ha)</caption>
          <thead>
            <tr>
              <th scope="col">Parties disagreeing</th>
              <th scope="col" className="num">
                Area
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">
                <span className="swatch" style={{ background: NO_VALUE_COLOR }} aria-hidden="true" /> none (all agree)
              </th>
              <td className="num">{ha(ag.consensusHa)}</td>
            </tr>
            {ag.conflictByDisagreeing.map((r) => (
              <tr key={r.parties}>
                <th scope="row">
                  <span className="swatch" style={{ background: conflictColors[r.parties] }} aria-hidden="true" />{' '}
                  {r.parties} of {n}
                </th>
                <td className="num">{ha(r.ha)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
