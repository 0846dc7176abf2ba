/** The key under the front chart: each marked layout's letter in its colour, its role and number. */
import type { FrontView } from '../../../../../engine/src/api/contract.js';
import type { frontMarks } from './front-model.js';

export function MarkKey({
  front,
  marks,
  onSelect,
}: {
  front: FrontView;
  marks: ReturnType<typeof frontMarks>;
  onSelect: (id: number) => void;
}) {
  return (
    <ul className="mark-key" aria-label="Marked layouts">
      {marks.map((mark) => (
        <li key={mark.id}>
          <button
            type="button"
            className="link"
            onClick={() => onSelect(mark.id)}
            aria-label={`Select ${mark.label} (layout #${mark.id})`}
          >
            <span className="mark-letter" style={{ color: mark.color }}>
              {mark.letter}
            </span>{' '}
            {mark.label} <span className="muted">#{mark.id}</span>
          </button>
        </li>
      ))}
      {front.status !== 'complete' && (
        <li className="muted">
          Run {front.status}: front of generation {front.generation}.
        </li>
      )}
    </ul>
  );
}
