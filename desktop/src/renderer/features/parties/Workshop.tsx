/**
 * Workshop mode: a shortlist of 3 to 6 layouts (the parties' picks and the compromises) with
 * their maps and objective values; each party puts the shortlist in its own order (up/down, and
 * "ties with the one above"), and the app aggregates the rankings by the engine's Borda count
 * (api.workshopBorda: the same rule, ties included, as the analysis's Borda row; docs/parties.md).
 */
import { useEffect, useMemo, useState } from 'react';
import type { FrontView, PartiesView, WorkshopBordaView } from '../../../../../engine/src/api/contract.js';
import { partyColor } from '../../../../../engine/src/charts/decision-colors.js';
import { api } from '../../api/client.js';
import { ErrorNotice } from '../../components/Notice.js';
import { formatAuto, formatNumber } from '../../format.js';
import { classPalette, paintClasses } from '../map/render.js';
import {
  initialRankings,
  moveInRanking,
  rankingTiers,
  shortlistLetter,
  withTie,
  workshopShortlist,
  type WorkshopRanking,
} from './parties-model.js';

const points = (v: number) => formatNumber(v, Number.isInteger(v) ? 0 : 1);

export function Workshop({ front, view }: { front: FrontView; view: PartiesView }) {
  const shortlist = useMemo(() => workshopShortlist(view), [view]);
  const letter = (id: number) => shortlistLetter(shortlist.indexOf(id));
  const [rankings, setRankings] = useState<WorkshopRanking[]>(() => initialRankings(view, shortlist));
  useEffect(() => setRankings(initialRankings(view, shortlist)), [view, shortlist]);
  const [result, setResult] = useState<WorkshopBordaView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    api.workshopBorda(shortlist, rankings.map(rankingTiers)).then(
      (r) => {
        if (cancelled) return;
        setResult(r);
        setError(null);
      },
      (e: unknown) => !cancelled && setError((e as Error).message),
    );
    return () => {
      cancelled = true;
    };
  }, [shortlist, rankings]);
  const setRanking = (p: number, next: WorkshopRanking) => setRankings(rankings.map((r, i) => (i === p ? next : r)));
  const n = shortlist.length;

  return (
    <section className="card workshop" aria-labelledby="workshop-heading">
      <div className="card-head">
        <h3 id="workshop-heading">Workshop: each party ranks a shortlist</h3>
        <button type="button" className="link" onClick={() => setRankings(initialRankings(view, shortlist))}>
          Start again from the satisfaction scores
        </button>
      </div>
      <p className="muted">
        The shortlist holds the parties' picks and the compromises ({n} layouts). Each party puts them in its own order
        (it starts from the party's satisfaction); the app adds the rankings up by <strong>Borda count</strong>: on each
        party's list a layout gets one point for every layout ranked below it ({n - 1} for first, 0 for last; layouts a
        party ties share the points of the places they span), and the layouts are ordered by their total.
      </p>
      <ShortlistCards front={front} view={view} shortlist={shortlist} />
      <div className="two-col">
        <div className="table-scroll">
          <table className="dense workshop-rankings" data-testid="workshop-rankings">
            <caption className="legend-note">Each party's ranking (1 = first choice)</caption>
            <thead>
              <tr>
                <th scope="col">Place</th>
                {view.parties.map((party, p) => (
                  <th key={party.id} scope="col">
                    <span className="swatch" style={{ background: partyColor(party.color, p) }} aria-hidden="true" />{' '}
                    {party.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shortlist.map((_, place) => (
                <tr key={place}>
                  <th scope="row">{place + 1}</th>
                  {view.parties.map((party, p) => {
                    const ranking = rankings[p];
                    if (!ranking) return <td key={party.id} />;
                    const id = ranking.order[place]!;
                    return (
                      <td key={party.id} className="rank-cell" data-testid={`rank-${party.id}-${place + 1}`}>
                        <strong className="rank-letter">{letter(id)}</strong> <span className="muted">#{id}</span>{' '}
                        <button
                          type="button"
                          className="icon"
                          disabled={place === 0}
                          aria-label={`${party.name}: move ${letter(id)} up`}
                          onClick={() => setRanking(p, moveInRanking(ranking, place, -1))}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          className="icon"
                          disabled={place === n - 1}
                          aria-label={`${party.name}: move ${letter(id)} down`}
                          onClick={() => setRanking(p, moveInRanking(ranking, place, 1))}
                        >
                          ↓
                        </button>
                        {place > 0 && (
                          <label className="check tie" title="Ranked equal with the layout above">
                            <input
                              type="checkbox"
                              aria-label={`${party.name}: place ${place + 1} ties with the one above`}
                              checked={ranking.tied[place] ?? false}
                              onChange={(e) => setRanking(p, withTie(ranking, place, e.target.checked))}
                            />{' '}
                            =
                          </label>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h4>Aggregated order (Borda count)</h4>
          <ErrorNotice error={error} />
          {result && (
            <>
              <ol className="workshop-result" data-testid="workshop-result">
                {result.standings.map((s) => (
                  <li
                    key={s.id}
                    data-testid="workshop-standing"
                    className={result.winners.includes(s.id) ? 'winner' : ''}
                  >
                    <strong>{letter(s.id)}</strong> #{s.id} <span className="num">{points(s.points)} points</span>
                    {result.winners.includes(s.id) && <span className="muted"> ★</span>}
                  </li>
                ))}
              </ol>
              <p data-testid="workshop-winner">
                {result.winners.length === 1
                  ? `The workshop puts ${letter(result.winners[0]!)} (#${result.winners[0]}) first.`
                  : `A tie between ${result.winners.map((id) => `${letter(id)} (#${id})`).join(' and ')}: the parties should talk it over.`}
              </p>
              <p className="muted">
                {view.parties.length} parties × {(n * (n - 1)) / 2} points each ={' '}
                {points(result.standings.reduce((sum, s) => sum + s.points, 0))} points in all.
              </p>
            </>
          )}
        </div>
      </div>
    </section>
  );
}

/** What each shortlisted layout is: whose pick, which compromise. */
function roles(view: PartiesView, id: number): string[] {
  return [
    ...view.parties.filter((p) => p.preferred === id).map((p) => `pick of ${p.name}`),
    ...view.compromises.filter((c) => c.id === id).map((c) => c.title.replace(/ \(.*\)$/, '')),
  ];
}

function ShortlistCards({ front, view, shortlist }: { front: FrontView; view: PartiesView; shortlist: number[] }) {
  const palette = useMemo(() => classPalette(front.classes.map((c) => c.color)), [front.classes]);
  return (
    <ul className="workshop-shortlist" data-testid="workshop-shortlist">
      {shortlist.map((id, k) => {
        const solution = front.solutions[id];
        return (
          <li key={id} className="workshop-layout" data-testid="workshop-layout">
            <div className="slot-head">
              <strong className="rank-letter">{shortlistLetter(k)}</strong> #{id}
            </div>
            <MiniMap dir={front.dir} id={id} width={front.grid.width} height={front.grid.height} palette={palette} />
            <div className="muted layout-roles">{roles(view, id).join('; ')}</div>
            {solution && (
              <table className="dense mini-values">
                <tbody>
                  {front.objectives.map((o, j) => (
                    <tr key={o.id}>
                      <th scope="row">{o.label}</th>
                      <td className="num">
                        {formatAuto(solution.objectives[j])} {o.unit}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** A layout's classes as a small picture (one pixel per cell, scaled by CSS without smoothing). */
function MiniMap({
  dir,
  id,
  width,
  height,
  palette,
}: {
  dir: string;
  id: number;
  width: number;
  height: number;
  palette: Uint32Array;
}) {
  const [canvas, setCanvas] = useState<HTMLCanvasElement | null>(null);
  useEffect(() => {
    if (!canvas) return;
    let cancelled = false;
    api.layoutMap(dir, id).then(
      (map) => {
        if (cancelled) return;
        const image = new ImageData(width, height);
        paintClasses(map.classes, palette, new Uint32Array(image.data.buffer));
        canvas.getContext('2d')?.putImageData(image, 0, 0);
      },
      () => undefined, // a map that cannot be read stays blank; the values beside it still show
    );
    return () => {
      cancelled = true;
    };
  }, [canvas, dir, id, width, height, palette]);
  return (
    <canvas
      ref={setCanvas}
      className="mini-map"
      width={width}
      height={height}
      role="img"
      aria-label={`Map of layout #${id}`}
    />
  );
}
