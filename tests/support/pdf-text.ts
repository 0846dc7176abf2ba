import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfPage {
  text: string;
  widthPt: number;
  heightPt: number;
}

/** Text and size of every page, with pdf.js (pure JS: the tests need no poppler). */
export async function readPdf(file: string): Promise<PdfPage[]> {
  const data = new Uint8Array(await readFile(file));
  const document = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= document.numPages; n++) {
      const page = await document.getPage(n);
      const content = await page.getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
      const [, , widthPt, heightPt] = page.view as [number, number, number, number];
      pages.push({ text, widthPt, heightPt });
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

/** Text without any whitespace, so that hashes broken across lines still match. */
export const squeeze = (text: string): string => text.replace(/\s+/g, '');
