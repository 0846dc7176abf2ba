import { useMemo } from 'react';
import { classPalette } from './render.js';

/** How far unchanged cells fade towards white in the change-from-today views. */
const UNCHANGED_FADE = 0.78;

/**
 * The packed class colours of a front's maps, and the faded set that the change-from-today views
 * paint unchanged cells with; recomputed only when the classes change.
 */
export function useClassPalettes(classes: readonly { color: string }[]): { palette: Uint32Array; faded: Uint32Array } {
  return useMemo(() => {
    const colors = classes.map((c) => c.color);
    return { palette: classPalette(colors), faded: classPalette(colors, UNCHANGED_FADE) };
  }, [classes]);
}
