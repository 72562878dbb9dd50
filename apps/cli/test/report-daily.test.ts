import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '@truce/core';
import { decodeLogEntry } from '@truce/core';
import { main } from '../src/main.js';
import { Capture, runCli, tempDir } from './helpers.js';
import { renderPdfFirstPage } from './pdf-render.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
/** CI keeps this folder. */
const SCREENSHOTS = join(ROOT, '.artifacts/screenshots');

// `truce simulate` starts at the demo agreement's effectiveFrom.
const DAY = '2026-08-23';

let dir: ReturnType<typeof tempDir>;
const at = (...parts: string[]) => join(dir.path, ...parts);
let findings: Finding[];
let browser: Browser;

/** The findings of the replay on DAY, as `truce replay` wrote them. */
const onDay = () => findings.filter((f) => f.properties.time.startsWith(DAY));

/** The page with whitespace between tags dropped and runs of it collapsed. */
const norm = (page: string) =>
  page.replace(/>\s+</g, '><').replace(/\s+/g, ' ');

function tally(keyOf: (f: Finding) => string | undefined) {
  const counts = new Map<string, number>();
  for (const f of onDay()) {
    const key = keyOf(f);
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

beforeAll(async () => {
  dir = tempDir();
  // Medium: outages give monitoring gaps to report.
  const sim = ['--seed', '2', '--hours', '1', '--difficulty', 'medium'];
  expect((await runCli(['simulate', ...sim, '--out', at('b')])).code).toBe(0);
  expect((await runCli(['replay', at('b'), '--out', at('r')])).code).toBe(0);
  findings = JSON.parse(readFileSync(at('r', 'findings.geojson'), 'utf8'))
    .features as Finding[];
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
});
afterAll(async () => {
  await browser?.close();
  dir.cleanup();
});

describe('truce report daily --data (a replayed bundle)', () => {
  let run: Awaited<ReturnType<typeof runCli>>;
  let html: string;
  beforeAll(async () => {
    run = await runCli(
      [
        'report',
        'daily',
        '--date',
        DAY,
        '--data',
        at('r'),
        '--out',
        at('out'),
        '--link',
        'https://truce.example',
      ],
      { now: () => Date.UTC(2026, 7, 24, 6) }
    );
    html = readFileSync(at('out', `report-${DAY}.html`), 'utf8');
  });

  it('writes the HTML and the PDF and says so', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^wrote .*report-${DAY}\\.html \\(\\d+ bytes\\)\\nwrote .*report-${DAY}\\.pdf \\(\\d+ bytes\\)\\n$`
      )
    );
  });

  it('counts the findings of the day by kind and rule as the replay found them', () => {
    expect(onDay().length).toBeGreaterThan(0);
    const page = norm(html);
    expect(page).toContain('Generated 2026-08-24T06:00:00Z.');
    expect(page).toContain(
      `Truce recorded <strong>${onDay().length}</strong> violation findings on ${DAY}, against 0 the day before`
    );
    for (const [counts, of] of [
      [tally((f) => f.properties.kind), 'kind'],
      [tally((f) => f.properties.rule), 'rule'],
      [tally((f) => f.properties.weaponClass), 'weapon class'],
    ] as const) {
      expect(counts.size, of).toBeGreaterThan(0);
      for (const [key, n] of counts) {
        expect(page).toContain(
          `<th scope="row">${key}</th><td class="num">${n}</td><td class="num">0</td>`
        );
      }
    }
  });

  it('lists every finding of the day with a link to its evidence', () => {
    for (const f of onDay()) {
      expect(html).toContain(
        `href="https://truce.example/v1/findings/${f.properties.id}/evidence"`
      );
    }
    const weapons = onDay().filter(
      (f) => f.properties.kind === 'weapons_in_zone'
    );
    expect(norm(html)).toContain(
      weapons.length === 0
        ? 'No weapons were seen inside their withdrawal zones.'
        : 'Weapons seen inside their withdrawal zone'
    );
  });

  it('draws the map from the agreement with one mark per finding', () => {
    expect(html.match(/<g\s+class="finding"/g)).toHaveLength(onDay().length);
    expect(html).toContain('DeepStateMap via cyterat/deepstate-map-data');
  });

  it('looks like a report in Chromium (screenshot kept for CI)', async () => {
    const page = await browser.newPage({
      viewport: { width: 1100, height: 900 },
    });
    await page.setContent(html);
    expect(await page.locator('h1').textContent()).toBe(`Daily report ${DAY}`);
    expect(await page.locator('svg.map').boundingBox()).toMatchObject({
      width: expect.any(Number),
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({
      path: join(SCREENSHOTS, 'report.png'),
      fullPage: true,
    });
    await page.close();
  });

  it('prints a PDF whose first page is not blank and carries the heading', async () => {
    const pdf = readFileSync(at('out', `report-${DAY}.pdf`));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    mkdirSync(SCREENSHOTS, { recursive: true });
    const first = await renderPdfFirstPage(
      browser,
      new Uint8Array(pdf),
      join(SCREENSHOTS, 'report-pdf-page1.png')
    );
    // A4 at 72 dpi.
    expect(Math.abs(first.width - 595)).toBeLessThanOrEqual(2);
    expect(Math.abs(first.height - 842)).toBeLessThanOrEqual(2);
    expect(first.pages).toBeGreaterThanOrEqual(1);
    expect(first.inkShare).toBeGreaterThan(0.03);
    expect(first.text).toContain(`Daily report ${DAY}`);
  });
});

describe('truce report daily --data (a server data folder)', () => {
  it("renders what it renders from the replay's tiles, from the same log in SQLite", async () => {
    // The replay's log, entry for entry, in a server's store: typed as the
    // server types them (observations untyped).
    const { dataPaths, createSqliteStore } = await import('@truce/server');
    const { decodeEntryBundle, TILE_WIDTH, entryBundlePath } =
      await import('@truce/core');
    const size = Number(
      readFileSync(at('r', 'log', 'checkpoint'), 'utf8').split('\n')[1]
    );
    const entries: Uint8Array[] = [];
    for (let n = 0; n * TILE_WIDTH < size; n++) {
      const width = Math.min(TILE_WIDTH, size - n * TILE_WIDTH);
      const path = at('r', 'log', entryBundlePath(n, width));
      entries.push(...decodeEntryBundle(new Uint8Array(readFileSync(path))));
    }
    mkdirSync(at('srvdata'), { recursive: true });
    const store = createSqliteStore({
      path: dataPaths(at('srvdata')).database,
    });
    await store.appendEntries(
      entries.map((bytes) => {
        const type = decodeLogEntry(bytes).type;
        return type === 'observation' ? { bytes } : { bytes, type };
      })
    );
    await store.close();
    const args = (data: string, out: string) => [
      'report',
      'daily',
      '--date',
      DAY,
      '--data',
      data,
      '--out',
      out,
      '--link',
      'https://truce.example',
      '--no-pdf',
    ];
    const now = () => Date.UTC(2026, 7, 24, 6);
    expect((await runCli(args(at('srvdata'), at('o-srv')), { now })).code).toBe(
      0
    );
    expect((await runCli(args(at('r'), at('o-tiles')), { now })).code).toBe(0);
    const fromStore = readFileSync(at('o-srv', `report-${DAY}.html`), 'utf8');
    expect(fromStore).toBe(
      readFileSync(at('o-tiles', `report-${DAY}.html`), 'utf8')
    );
    expect(fromStore).toContain(`<strong>${onDay().length}</strong>`);
    // Gaps come from observations, which the store keeps untyped.
    expect(norm(fromStore)).toMatch(
      /[1-9]\d* monitoring gaps overlapped the day/
    );
  });
});

describe('truce report daily --server', () => {
  it('writes the HTML the server rendered, asking for the day', async () => {
    const asked: string[] = [];
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await main(
      [
        'report',
        'daily',
        '--date',
        DAY,
        '--server',
        'http://truce.test:8080/',
        '--out',
        at('srv'),
        '--no-pdf',
      ],
      {
        stdout,
        stderr,
        env: {},
        shutdownSignal: () => new AbortController().signal,
        now: () => 0,
        fetch: async (url) => {
          asked.push(url);
          return new Response('<!DOCTYPE html><h1>from the server</h1>', {
            headers: { 'content-type': 'text/html' },
          });
        },
      }
    );
    expect(stderr.text).toBe('');
    expect(code).toBe(0);
    expect(asked).toEqual([
      `http://truce.test:8080/v1/reports/daily?date=${DAY}`,
    ]);
    expect(readFileSync(at('srv', `report-${DAY}.html`), 'utf8')).toBe(
      '<!DOCTYPE html><h1>from the server</h1>'
    );
  });

  it("fails with the server's error code", async () => {
    const stderr = new Capture();
    const code = await main(
      [
        'report',
        'daily',
        '--date',
        DAY,
        '--server',
        'http://truce.test',
        '--out',
        at('srv2'),
      ],
      {
        stdout: new Capture(),
        stderr,
        env: {},
        shutdownSignal: () => new AbortController().signal,
        now: () => 0,
        fetch: async () =>
          new Response(
            JSON.stringify({ code: 'QUERY_INVALID', message: 'date: bad' }),
            {
              status: 400,
            }
          ),
      }
    );
    expect(code).toBe(1);
    expect(stderr.text).toContain('QUERY_INVALID');
  });
});

describe('truce report daily, refused', () => {
  it.each([
    ['no --date', ['--data', 'x', '--out', 'y']],
    ['a bad date', ['--date', '2026-02-30', '--data', 'x', '--out', 'y']],
    [
      'both sources',
      ['--date', DAY, '--data', 'x', '--server', 'http://a', '--out', 'y'],
    ],
    ['no source', ['--date', DAY, '--out', 'y']],
  ])('exits 2 for %s', async (_what, args) => {
    const run = await runCli(['report', 'daily', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^truce report daily: /);
  });

  it('exits 2 for a folder with no log', async () => {
    const run = await runCli([
      'report',
      'daily',
      '--date',
      DAY,
      '--data',
      at('nothing'),
      '--out',
      at('o2'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no log database');
  });

  it('exits 2 with a clear message when Chromium is missing', async () => {
    const run = await runCli([
      'report',
      'daily',
      '--date',
      DAY,
      '--data',
      at('r'),
      '--out',
      at('o3'),
      '--chromium',
      at('no-such-chromium'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`no Chromium at ${at('no-such-chromium')}`);
    // The HTML is written before the PDF is tried.
    expect(readFileSync(at('o3', `report-${DAY}.html`), 'utf8')).toContain(
      '<h1'
    );
  });
});

describe('truce export findings --data', () => {
  it('writes the findings as GeoJSON, as replay logged them', async () => {
    const run = await runCli([
      'export',
      'findings',
      '--format',
      'geojson',
      '--data',
      at('r'),
      '--out',
      at('x', 'f.geojson'),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `wrote ${at('x', 'f.geojson')}: ${findings.length} findings (geojson)\n`
    );
    const got = JSON.parse(readFileSync(at('x', 'f.geojson'), 'utf8'));
    expect(got).toEqual({ type: 'FeatureCollection', features: findings });
  });

  it('writes CSV rows in the time window only, with party names', async () => {
    const times = findings.map((f) => f.properties.time).sort();
    const from = times[Math.floor(times.length / 2)]!;
    const want = findings.filter((f) => f.properties.time >= from);
    const run = await runCli([
      'export',
      'findings',
      '--format',
      'csv',
      '--from',
      from,
      '--data',
      at('r'),
      '--out',
      at('x', 'f.csv'),
    ]);
    expect(run.code).toBe(0);
    const lines = readFileSync(at('x', 'f.csv'), 'utf8').split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(want.length + 2);
    const ids = lines.slice(1, -1).map((l) => /,([0-9a-f]{64}),/.exec(l)![1]);
    expect(ids).toEqual(want.map((f) => f.properties.id));
    expect(lines[1]).toMatch(
      /^2026-08-23,[^,]+,[^,]+,(Ukraine|Russian Federation),/
    );
  });

  it('exits 2 for a bad --from or format', async () => {
    for (const args of [
      ['--format', 'csv', '--from', 'yesterday'],
      ['--format', 'xlsx'],
    ]) {
      const run = await runCli([
        'export',
        'findings',
        ...args,
        '--data',
        at('r'),
        '--out',
        at('x', 'bad'),
      ]);
      expect(run.code).toBe(2);
    }
  });
});

describe('truce export findings --server', () => {
  it('asks for the format and the window and writes the answer', async () => {
    const asked: string[] = [];
    const csv = 'event_date\r\n2026-08-23\r\n';
    const code = await main(
      [
        'export',
        'findings',
        '--format',
        'csv',
        '--from',
        '2026-08-23T00:00:00Z',
        '--server',
        'http://truce.test',
        '--out',
        at('x', 's.csv'),
      ],
      {
        stdout: new Capture(),
        stderr: new Capture(),
        env: {},
        shutdownSignal: () => new AbortController().signal,
        now: () => 0,
        fetch: async (url) => {
          asked.push(url);
          return new Response(csv);
        },
      }
    );
    expect(code).toBe(0);
    expect(asked).toEqual([
      'http://truce.test/v1/exports/findings.csv?from=2026-08-23T00%3A00%3A00Z',
    ]);
    expect(readFileSync(at('x', 's.csv'), 'utf8')).toBe(csv);
  });
});
