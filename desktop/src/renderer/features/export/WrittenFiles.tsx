/**
 * The files an export wrote, each with "Copy path" and, in the desktop app, "Show in folder".
 * The app never serves a file's contents (browser mode has no download route by design): the path
 * is what a planner takes to QGIS, a browser or a mail. In Electron both actions go through the
 * main process (window.paretoplan.desktop: the page's own clipboard access is denied, as every
 * permission is, and the path is confined to the folders the app may use); in browser mode the
 * page copies with the Clipboard API and there is no "Show in folder".
 */
import { useState } from 'react';
import { bridge } from '../../api/client.js';
import { messageOf } from '../../state/errors.js';

/** A file the export wrote, and what it is. */
export interface Written {
  what: string;
  file: string;
}

/** Put `text` on the clipboard: through the main process in Electron, the Clipboard API in a browser. */
async function copyText(text: string): Promise<void> {
  if (bridge.desktop) {
    await bridge.desktop.copyText(text);
    return;
  }
  if (!navigator.clipboard) throw new Error('this browser gives the page no clipboard; select the path and copy it');
  await navigator.clipboard.writeText(text);
}

export function WrittenFiles({ written }: { written: readonly Written[] }) {
  // What the last action on a file said, by its index in the list.
  const [status, setStatus] = useState<{ index: number; text: string; failed: boolean } | null>(null);
  const act = async (index: number, done: string, action: () => Promise<unknown>) => {
    try {
      await action();
      setStatus({ index, text: done, failed: false });
    } catch (e) {
      setStatus({ index, text: messageOf(e), failed: true });
    }
  };
  const desktop = bridge.desktop;
  return (
    <section className="card" aria-labelledby="written-heading">
      <h3 id="written-heading">Written</h3>
      <ul className="written" aria-label="Written files">
        {written.map((w, i) => (
          <li key={i}>
            <span>{w.what}</span> <span className="path">{w.file}</span>
            <span className="file-actions">
              <button
                type="button"
                className="link"
                aria-label={`Copy path of ${w.file}`}
                onClick={() => void act(i, 'Path copied', () => copyText(w.file))}
              >
                Copy path
              </button>
              {desktop && (
                <button
                  type="button"
                  className="link"
                  aria-label={`Show ${w.file} in its folder`}
                  onClick={() => void act(i, 'Shown in the file manager', () => desktop.showInFolder(w.file))}
                >
                  Show in folder
                </button>
              )}
              {status?.index === i && (
                <span className={status.failed ? 'failed' : 'muted'} role="status">
                  {status.text}
                </span>
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
