/** Field formats shared by scenario files and parties files. */
import { z } from 'zod';
import { DISTANCE_PATTERN } from './units.js';

export const identifier = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must start with a letter and contain only letters, digits, "_" and "-"');

export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like "#e8a33d"');

export const distance = z
  .string()
  .regex(DISTANCE_PATTERN, 'must be a distance with its unit, e.g. "500 m" or "1.2 km"')
  .describe('A distance with its unit: m or km.');

/** One or more class ids. */
export const classList = z.array(identifier).min(1);
