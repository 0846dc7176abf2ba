import { useMemo } from 'react';
import { UNCHANGED_COLOR } from '../../../../../engine/src/charts/map-colors.js';
import { classPalette } from './render.js';

/**
 * The packed class colours of a front's maps, and the palette the change-from-today views paint
 * unchanged cells with: the report's grey for every class, so changed cells stand out whatever
 * their class; recomputed only when the classes change.
 */
export function useClassPalettes(classes: readonly { color: string }[]): {
  palette: Uint32Array;
  unchanged: Uint32Array;
} {
  return useMemo(() => {
    const colors = classes.map((c) => c.color);
    return { palette: classPalette(colors), unchanged: classPalette(colors.map(() => UNCHANGED_COLOR)) };
  }, [classes]);
}
