/** Two selects choosing which objectives a scatter plot shows on X and Y (never the same one twice). */
export function AxisPicker({
  objectives,
  pair,
  onChange,
  idPrefix,
}: {
  objectives: string[];
  pair: [number, number];
  onChange: (pair: [number, number]) => void;
  idPrefix: string;
}) {
  return (
    <span className="axis-picker">
      <label htmlFor={`${idPrefix}-x`}>X</label>
      <select id={`${idPrefix}-x`} value={pair[0]} onChange={(e) => onChange([Number(e.target.value), pair[1]])}>
        {objectives.map((o, i) => (
          <option key={i} value={i} disabled={i === pair[1]}>
            {o}
          </option>
        ))}
      </select>
      <label htmlFor={`${idPrefix}-y`}>Y</label>
      <select id={`${idPrefix}-y`} value={pair[1]} onChange={(e) => onChange([pair[0], Number(e.target.value)])}>
        {objectives.map((o, i) => (
          <option key={i} value={i} disabled={i === pair[0]}>
            {o}
          </option>
        ))}
      </select>
    </span>
  );
}
