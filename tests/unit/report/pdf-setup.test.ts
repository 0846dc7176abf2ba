import { describe, expect, it } from 'vitest';
import {
  ChromiumNotFoundError,
  chromiumCandidates,
  findChromium,
  openPdfPrinter,
} from '../../../engine/src/report/index.js';

describe('finding a browser for the PDF', () => {
  it('looks in the usual places on Linux, macOS and Windows', () => {
    const candidates = chromiumCandidates({
      PROGRAMFILES: 'C:\\Program Files',
      LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local',
    });
    expect(candidates).toContain('/usr/bin/chromium');
    expect(candidates).toContain('/usr/bin/chromium-browser');
    expect(candidates).toContain('/usr/bin/google-chrome');
    expect(candidates).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(candidates).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(candidates).toContain('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe');
  });

  it('says what to fix when PARETOPLAN_CHROMIUM points nowhere', () => {
    expect(() => findChromium({ PARETOPLAN_CHROMIUM: '/no/such/chromium' })).toThrow(ChromiumNotFoundError);
    expect(() => findChromium({ PARETOPLAN_CHROMIUM: '/no/such/chromium' })).toThrow(
      /PARETOPLAN_CHROMIUM.*\/no\/such\/chromium/,
    );
  });

  it('fails with an input error that names what to install and that HTML works without it', async () => {
    const error = await openPdfPrinter({ executablePath: '/no/such/chrome' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChromiumNotFoundError);
    expect((error as ChromiumNotFoundError).kind).toBe('input');
    expect((error as Error).message).toMatch(/apt-get install chromium/);
    expect((error as Error).message).toMatch(/PARETOPLAN_CHROMIUM/);
    expect((error as Error).message).toMatch(/--format html/);
  });
});
