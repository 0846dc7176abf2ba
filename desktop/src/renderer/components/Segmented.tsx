/** A row of buttons acting as radio buttons (one of a few views), as the explorer's map uses. */
export function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
}: {
  /** Accessible name of the group, e.g. "What the map shows". */
  label: string;
  options: readonly (readonly [T, string])[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map(([option, text]) => (
        <button
          key={option}
          type="button"
          role="radio"
          aria-checked={value === option}
          className={value === option ? 'on' : ''}
          onClick={() => onChange(option)}
        >
          {text}
        </button>
      ))}
    </div>
  );
}
