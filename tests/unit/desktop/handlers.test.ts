import { describe, expect, it } from 'vitest';
import { createHandlers, dispatch, toErrorPayload } from '../../../desktop/src/main/handlers.js';
import { isExternalLinkAllowed, secureWebPreferences } from '../../../desktop/src/main/window-options.js';

describe('main-process handlers (no Electron)', () => {
  const api = createHandlers();

  it('report the engine version and platform', async () => {
    const info = await api.info();
    expect(info.name).toBe('Pareto Plan');
    expect(info.engineVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.scenariosDir).toMatch(/scenarios$/);
  });

  it('dispatch rejects unknown methods and non-array arguments as input errors', async () => {
    await expect(dispatch(api, 'deleteEverything', [])).rejects.toMatchObject({ kind: 'input' });
    await expect(dispatch(api, '__proto__', [])).rejects.toMatchObject({ kind: 'input' });
    await expect(dispatch(api, 'info', 'oops')).rejects.toMatchObject({ kind: 'input' });
    expect(toErrorPayload(new Error('boom'))).toEqual({ message: 'boom', kind: 'failure' });
  });

  it('dispatch calls the named handler', async () => {
    const info = (await dispatch(api, 'info', [])) as { name: string };
    expect(info.name).toBe('Pareto Plan');
  });
});

describe('window security settings', () => {
  it('isolate the renderer from Node', () => {
    const prefs = secureWebPreferences('/x/preload.cjs');
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  });

  it('open only web and mail links outside the app', () => {
    expect(isExternalLinkAllowed('https://example.org/docs')).toBe(true);
    expect(isExternalLinkAllowed('mailto:team@example.org')).toBe(true);
    expect(isExternalLinkAllowed('file:///etc/passwd')).toBe(false);
    expect(isExternalLinkAllowed('javascript:alert(1)')).toBe(false);
    expect(isExternalLinkAllowed('not a url')).toBe(false);
  });
});
