// Renders page 1 of a PDF to pixels in Chromium with pdf.js 4 (its legacy
// build, served to the page from node_modules through a routed origin),
// so a test can tell a blank PDF from a printed report.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';

const require = createRequire(import.meta.url);
const PDFJS_DIR = join(
  dirname(require.resolve('pdfjs-dist/package.json')),
  'legacy/build'
);
const ORIGIN = 'http://pdfjs.test';

export type RenderedPage = {
  width: number;
  height: number;
  /** Share of pixels that are not near-white, 0..1. */
  inkShare: number;
  /** The page's text, as pdf.js extracts it. */
  text: string;
  pages: number;
};

declare global {
  // Set by the page's script below.
  var renderFirstPage: (base64: string) => Promise<RenderedPage>;
}

const PAGE = `<!DOCTYPE html><html><body><canvas id="c"></canvas>
<script type="module">
// pdf.js runs its worker in the page when this global holds the worker
// module, so no Worker has to be fetched.
globalThis.pdfjsWorker = await import('${ORIGIN}/pdf.worker.mjs');
const pdfjs = await import('${ORIGIN}/pdf.mjs');
globalThis.renderFirstPage = async (base64) => {
  const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const doc = await pdfjs.getDocument({ data }).promise;
  const page = await doc.getPage(1);
  const viewport = page.getViewport({ scale: 1 });
  const canvas = document.getElementById('c');
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: ctx, viewport }).promise;
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i] < 230 || pixels[i + 1] < 230 || pixels[i + 2] < 230) ink++;
  }
  const content = await page.getTextContent();
  return {
    width: canvas.width,
    height: canvas.height,
    inkShare: ink / (pixels.length / 4),
    text: content.items.map((item) => item.str ?? '').join(' '),
    pages: doc.numPages,
  };
};
document.body.dataset.ready = 'yes';
</script></body></html>`;

/** Renders page 1 of `pdf` and, if asked, saves a PNG of it. */
export async function renderPdfFirstPage(
  browser: Browser,
  pdf: Uint8Array,
  pngPath?: string
): Promise<RenderedPage> {
  const page = await browser.newPage();
  try {
    await page.route(`${ORIGIN}/**`, (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      if (name === '') {
        return route.fulfill({ contentType: 'text/html', body: PAGE });
      }
      if (name !== 'pdf.mjs' && name !== 'pdf.worker.mjs') {
        return route.fulfill({ status: 404, body: '' });
      }
      return route.fulfill({
        contentType: 'text/javascript',
        body: readFileSync(join(PDFJS_DIR, name)),
      });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForSelector('body[data-ready="yes"]');
    const result = await page.evaluate(
      (b64) => globalThis.renderFirstPage(b64),
      Buffer.from(pdf).toString('base64')
    );
    if (pngPath !== undefined) {
      await page.locator('#c').screenshot({ path: pngPath });
    }
    return result;
  } finally {
    await page.close();
  }
}
