/** A GeoTIFF path: typed (browser mode), or chosen in the system's dialog (Electron). */
import { api } from '../../api/client.js';

export interface GeoTiffFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (path: string) => void;
  /** Electron: a "Choose…" button opens the system's file dialog. */
  nativeDialogs: boolean;
  hint?: string;
}

export function GeoTiffField({ id, label, value, onChange, nativeDialogs, hint }: GeoTiffFieldProps) {
  const choose = async () => {
    const picked = await api.chooseFile('open-layout', value || undefined);
    if (picked) onChange(picked);
  };
  return (
    <div className="path-field">
      <label htmlFor={id}>{label}</label>
      <div className="path-row">
        <input
          id={id}
          type="text"
          value={value}
          spellCheck={false}
          placeholder="/path/to/file.tif"
          onChange={(e) => onChange(e.target.value)}
        />
        {nativeDialogs && (
          <button type="button" onClick={() => void choose()}>
            Choose…
          </button>
        )}
      </div>
      {hint && <span className="muted hint">{hint}</span>}
    </div>
  );
}
