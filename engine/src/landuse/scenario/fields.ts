/** Field formats shared by scenario files and parties files. */
import { z } from 'zod';

export const identifier = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must start with a letter and contain only letters, digits, "_" and "-"');

export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like "#e8a33d"');
