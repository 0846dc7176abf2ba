/**
 * In the packaged desktop app the engine sits in `resources/app.asar`, an archive that only
 * Electron's patched `fs` reads. Worker threads start from plain files, so electron-builder
 * unpacks the worker modules, what they import and the bundled data into `app.asar.unpacked`
 * (`asarUnpack` in electron-builder.yml, checked by tests/unit/desktop/electron-builder.test.ts),
 * and workers start from, and are given paths in, that folder. Anywhere else these return their
 * argument unchanged.
 */

/** `…/app.asar/x` -> `…/app.asar.unpacked/x` (either separator). */
export function outsideAsarPath(file: string): string {
  return file.replace(/\.asar([\\/])/, '.asar.unpacked$1');
}

/** The same for a `file:` URL. */
export function outsideAsar(url: URL): URL {
  if (url.protocol !== 'file:') return url;
  const unpacked = new URL(url.href);
  unpacked.pathname = outsideAsarPath(url.pathname);
  return unpacked;
}
