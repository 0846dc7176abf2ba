import type { FrontView } from '../../../../engine/src/api/contract.js';
import { solutionRole } from '../features/pareto-explorer/front-model.js';

/** The `<option>`s of a run's layouts: "#4 Compromise", "#7". */
export function LayoutOptions({ front }: { front: FrontView }) {
  return (
    <>
      {front.solutions.map((s) => {
        const role = solutionRole(front, s.id);
        return (
          <option key={s.id} value={s.id}>
            #{s.id}
            {role ? ` ${role}` : ''}
          </option>
        );
      })}
    </>
  );
}
