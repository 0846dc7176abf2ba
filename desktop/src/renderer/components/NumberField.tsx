/**
 * A number typed into a form: the text as typed (the form's model keeps text, so a half-typed
 * value is not lost), its accessible label, and the rule's message beside it when it is wrong.
 */
export interface NumberFieldProps {
  /** Accessible name of the input. */
  label: string;
  value: string;
  onChange: (text: string) => void;
  /** The rule's message when the value is wrong, else null or undefined. */
  error?: string | null | undefined;
  /** Id stem for the message element (`err-<id>`); default derived from the label. */
  id?: string;
  /** Visible width in characters. */
  size?: number;
  /** `numeric` for whole numbers, `decimal` (default) for areas and weights. */
  inputMode?: 'numeric' | 'decimal' | 'text';
  /** Shown while empty (e.g. the lower bound, or "none" for an optional level). */
  placeholder?: string;
}

export function NumberField({
  label,
  value,
  onChange,
  error,
  id,
  size = 7,
  inputMode = 'decimal',
  placeholder,
}: NumberFieldProps) {
  const errorId = `err-${id ?? label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <span className="field">
      <input
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        inputMode={inputMode}
        size={size}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </span>
  );
}
