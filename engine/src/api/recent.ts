/**
 * The app's list of recently opened scenarios and run folders (`recent.json` in its home folder),
 * newest first. A convenience: a damaged list starts afresh, and failing to write it never fails
 * the request that opened something.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeJsonAtomic } from '../runs/files.js'; // not the barrel: see explore.ts
import type { RecentItem } from './contract.js';

const RECENT_FILE = 'recent.json';
/** Items kept, newest first. */
export const RECENT_LIMIT = 12;

export class RecentList {
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly homeDir: string) {}

  async read(): Promise<RecentItem[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(path.join(this.homeDir, RECENT_FILE), 'utf8'));
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (r): r is RecentItem =>
          !!r && typeof r === 'object' && (r.kind === 'scenario' || r.kind === 'run') && typeof r.path === 'string',
      );
    } catch {
      return []; // missing or damaged: start a new list
    }
  }

  /** Puts an item first (once); writes one after the other. Never rejects. */
  remember(item: Omit<RecentItem, 'openedAt'>): Promise<void> {
    this.pending = this.pending
      .catch(() => undefined)
      .then(async () => {
        const list = (await this.read()).filter((r) => !(r.kind === item.kind && r.path === item.path));
        list.unshift({ ...item, openedAt: new Date().toISOString() });
        await mkdir(this.homeDir, { recursive: true });
        await writeJsonAtomic(path.join(this.homeDir, RECENT_FILE), list.slice(0, RECENT_LIMIT));
      });
    return this.pending.catch(() => undefined);
  }
}
