// npm run bench:web: the dashboard (apps/web/dist) in headless Chromium
// with 100,000 findings from a stub API on 127.0.0.1. Measures the time
// from navigation to the first map with every finding drawn (and painted),
// and frame times while the map is dragged; and, in the same run, the
// machine's own ceiling: the same page and drags with no findings, and a
// blank page's first paint and idle frame loop.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { ensureWeb } from '../ensure-web.mjs';
import { syntheticFindings } from './web-findings.js';
import { PAGE_SIZE, startStub } from './web-stub.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const DIST = join(ROOT, 'apps/web/dist');
const { values: args } = parseArgs({
  options: {
    findings: { type: 'string', default: '100000' },
    drags: { type: 'string', default: '4' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log('npm run bench:web [-- --findings N --drags N]');
  process.exit(0);
}
const COUNT = Number(args.findings);
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VIEWPORT = { width: 1366, height: 900 };

// Page-side code goes in as text: tsx (esbuild keepNames) would wrap named
// functions in a helper that does not exist in the page.
const START_FRAME_LOG = `(() => {
  window.frameLog = []; window.frameStop = false;
  let last = 0;
  const tick = (now) => { if (last > 0) window.frameLog.push(now - last); last = now; if (!window.frameStop) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;

const IDLE_FRAMES = `new Promise((ok) => {
  const gaps = []; let last = 0;
  const tick = (now) => { if (last > 0) gaps.push(now - last); last = now;
    if (gaps.length < 120) requestAnimationFrame(tick); else ok(gaps.sort((a, b) => a - b)[60]); };
  requestAnimationFrame(tick);
})`;

// Where the time to first map goes: the page's own marks and the
// findings response's timing, ms since navigation start.
const MARKS = `[
  ...performance.getEntriesByType('resource').filter((r) => r.name.includes('/v1/findings')).flatMap((r) => [['findings request sent', r.requestStart], ['findings response received', r.responseEnd]]),
  ...performance.getEntriesByType('resource').filter((r) => r.name.includes('/assets/index-')).map((r) => ['app script loaded', r.responseEnd]),
  ...performance.getEntriesByType('mark').filter((m) => m.name.startsWith('truce:')).map((m) => [m.name.slice(6), m.startTime]),
].sort((a, b) => a[1] - b[1])`;

// The floor under any dashboard: fetch the same findings and JSON.parse them.
const FETCH_AND_PARSE = `fetch('/v1/findings').then((r) => r.text()).then((t) => { const n = JSON.parse(t).features.length; return [n, performance.now()]; })`;

const NEXT_PAINT = `new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok(performance.now()))))`;

// The map element says what it drew: all findings, lines and basemap in.
const MAP_READY = (count: number) => `(() => {
  const d = document.querySelector('[data-testid=map]')?.dataset;
  const ready = d !== undefined && Number(d.findingsTotal) === ${count} && d.contactLineParts !== undefined && d.basemapCountries !== undefined;
  return ready ? performance.now() : false;
})()`;

const MAP_STATS = `({ ...document.querySelector('[data-testid=map]').dataset })`;

const nextPaint = async (page: Page) =>
  (await page.evaluate(NEXT_PAINT)) as number;

/** Navigation to the first map with `count` findings drawn, then painted; ms since navigation start. */
async function firstMap(page: Page, url: string, count: number) {
  await page.goto(url);
  const drawnAt = await page.waitForFunction(MAP_READY(count), undefined, {
    polling: 'raf',
    timeout: 120_000,
  });
  const drawn = (await drawnAt.jsonValue()) as number;
  const painted = await nextPaint(page);
  const stats = (await page.evaluate(MAP_STATS)) as Record<string, string>;
  const marks = (await page.evaluate(MARKS)) as [string, number][];
  return { drawn, painted, stats, marks };
}

type Frames = {
  /** The five longest frames: [frame number, ms]. */
  longest: (readonly [number, number])[];
  frames: number;
  p50: number;
  p95: number;
  max: number;
  redrawMs: number[];
};

/** Drags the map (real pointer input) while a rAF loop records frame intervals. */
async function dragFrames(page: Page, drags: number): Promise<Frames> {
  await page.evaluate(START_FRAME_LOG);
  const box = (await page.locator('[data-testid=map]').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const redrawMs: number[] = [];
  for (let i = 0; i < drags; i++) {
    const dx = (i % 2 === 0 ? 1 : -1) * 300;
    const dy = (i % 2 === 0 ? 1 : -1) * 120;
    await page.mouse.move(cx - dx / 2, cy - dy / 2);
    await page.mouse.down();
    await page.mouse.move(cx + dx / 2, cy + dy / 2, { steps: 60 });
    await page.mouse.up();
    await nextPaint(page);
    redrawMs.push(
      Number(await page.getAttribute('[data-testid=map]', 'data-draw-ms'))
    );
  }
  const log = (await page.evaluate(
    '(window.frameStop = true, window.frameLog)'
  )) as number[];
  const sorted = [...log].sort((a, b) => a - b);
  const q = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return {
    frames: log.length,
    p50: q(0.5),
    p95: q(0.95),
    max: sorted.at(-1)!,
    longest: log
      .map((ms, i) => [i, ms] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5),
    redrawMs,
  };
}

async function idleFrames(page: Page): Promise<number> {
  return (await page.evaluate(IDLE_FRAMES)) as number;
}

const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main() {
  await ensureWeb({ log: (line) => console.log(line) });
  const stub = await startStub(DIST, syntheticFindings(ROOT, COUNT));
  console.log(
    `stub API: ${COUNT.toLocaleString('en')} findings, ${(stub.bytes / 1e6).toFixed(1)} MB of GeoJSON`
  );
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: FLAGS,
    });
    const version = browser.version();
    const fresh = async () =>
      (await browser!.newContext({ viewport: VIEWPORT })).newPage();

    const blank = await fresh();
    await blank.goto(`${stub.url}/blank.html`);
    const blankPaint = (await (
      await blank.waitForFunction('window.painted')
    ).jsonValue()) as number;
    const idle = await idleFrames(blank);
    await blank.context().close();

    const bare = await fresh();
    await bare.goto(`${stub.url}/blank.html`);
    const bareStart = (await bare.evaluate('performance.now()')) as number;
    const [parsedCount, parsedAt] = (await bare.evaluate(FETCH_AND_PARSE)) as [
      number,
      number,
    ];
    const fetchParse = parsedAt - bareStart;
    if (parsedCount !== COUNT)
      throw new Error(`the stub served ${parsedCount} findings`);
    await bare.context().close();

    const emptyPage = await fresh();
    const empty = await firstMap(
      emptyPage,
      `${stub.url}/?api=${encodeURIComponent(`${stub.url}/empty`)}`,
      0
    );
    const emptyFrames = await dragFrames(emptyPage, Number(args.drags));
    await emptyPage.context().close();

    const page = await fresh();
    const full = await firstMap(page, `${stub.url}/`, COUNT);
    const frames = await dragFrames(page, Number(args.drags));
    await page.context().close();

    // As a real server sends them: pages of 10,000 by the before cursor.
    const pagedPage = await fresh();
    const paged = await firstMap(
      pagedPage,
      `${stub.url}/?api=${encodeURIComponent(`${stub.url}/paged`)}`,
      COUNT
    );
    await pagedPage.context().close();
    const firstPageAt = paged.marks.find(([n]) => n === 'findings-stored');

    console.log(
      `Chromium ${version}, headless, --disable-gpu (software canvas), viewport ${VIEWPORT.width}x${VIEWPORT.height}`
    );
    console.log('');
    console.log(
      `first map, ${COUNT.toLocaleString('en')} findings: all drawn ${ms(full.drawn)}, painted ${ms(full.painted)} after navigation start (goal < 2000 ms)`
    );
    console.log(
      `  on screen: ${full.stats['findingsDrawn']} findings, one canvas redraw ${full.stats['drawMs']} ms`
    );
    console.log(
      `  where it goes: ${full.marks.map(([name, at]) => `${name} ${ms(at)}`).join(', ')}`
    );
    console.log(
      `  ceiling, same page with no findings: painted ${ms(empty.painted)}; blank canvas page: ${ms(blankPaint)}`
    );
    console.log(
      `  ceiling, fetch and JSON.parse of the same findings on a blank page: ${ms(fetchParse)}`
    );
    console.log(
      `  ratio to that ceiling plus the no-findings page: ${(full.painted / (fetchParse + empty.painted)).toFixed(2)}x`
    );
    console.log(
      `paged as a server sends them (${Math.ceil(COUNT / PAGE_SIZE)} pages of ${PAGE_SIZE.toLocaleString('en')} by before=): first page stored ${firstPageAt === undefined ? '?' : ms(firstPageAt[1])}, all drawn ${ms(paged.drawn)}, painted ${ms(paged.painted)}`
    );
    console.log('');
    console.log(
      `dragging the map (${args.drags} drags of 60 pointer moves), frame intervals over ${frames.frames} frames:`
    );
    console.log(
      `  p50 ${ms(frames.p50)}, p95 ${ms(frames.p95)}, max ${ms(frames.max)} (goal p95 < 16 ms)`
    );
    console.log(
      `  longest frames (frame number: ms): ${frames.longest.map(([i, x]) => `${i}: ${ms(x)}`).join(', ')}`
    );
    console.log(
      `  redraw at each drag's end: ${frames.redrawMs.map((x) => ms(x)).join(', ')}`
    );
    console.log(
      `  ceiling, same drags with no findings: p50 ${ms(emptyFrames.p50)}, p95 ${ms(emptyFrames.p95)}, max ${ms(emptyFrames.max)}; idle rAF loop p50 ${ms(idle)}`
    );
    console.log(
      `  ratio p95 to the no-findings drags: ${(frames.p95 / emptyFrames.p95).toFixed(2)}x`
    );
  } finally {
    await browser?.close();
    stub.close();
  }
}

await main();
