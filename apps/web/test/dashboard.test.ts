import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureWeb } from '../../../scripts/ensure-web.mjs';
import { launchChromium, pageErrors, screenshot } from './browser.js';
import { startDemoServer, waitFor } from './demo-server.js';
import type { DemoServer } from './demo-server.js';

let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  await ensureWeb();
  // The last 4 minutes of the scenario are sent later, while a page is open.
  server = await startDemoServer({ holdBackMinutes: 4 });
  // Findings become verifiable once a checkpoint covers them.
  const first = (await server.findings()).features.at(-1)!;
  await waitFor(async () => {
    const r = await fetch(`${server.url}/v1/findings/${first.id}/evidence`);
    await r.body?.cancel();
    return r.status === 200 ? true : undefined;
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openMap(page: Page): Promise<void> {
  await page.goto(`${server.url}/#/`);
  await page.waitForSelector(
    '[data-testid=map][data-contact-line-parts][data-findings-drawn]'
  );
}

const mapData = (page: Page, name: string) =>
  page.getAttribute('[data-testid=map]', `data-${name}`).then(Number);

describe('the dashboard served by a running server', () => {
  it("is served at / while unknown paths still get the API's NOT_FOUND", async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    await index.body?.cancel();
    const missing = await fetch(`${server.url}/v1/no-such-route`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('NOT_FOUND');
  });

  it('draws the contact line, the withdrawal lines and every finding on the map', async () => {
    const page = await browser.newPage({
      viewport: { width: 1366, height: 900 },
    });
    const errors = pageErrors(page);
    await openMap(page);
    const logged = (await server.findings()).features.length;
    await page.waitForFunction(
      (n) =>
        Number(
          document.querySelector<HTMLElement>('[data-testid=map]')!.dataset[
            'findingsTotal'
          ]
        ) === n,
      logged
    );
    const { agreement } = (await (
      await fetch(`${server.url}/v1/agreements/current`)
    ).json()) as {
      agreement: { contactLine: { type: string; coordinates: unknown[] } };
    };
    const line = agreement.contactLine;
    expect(await mapData(page, 'contact-line-parts')).toBe(
      line.type === 'MultiLineString' ? line.coordinates.length : 1
    );
    expect(await mapData(page, 'withdrawal-lines')).toBeGreaterThanOrEqual(8);
    // The map frames the contact line and every finding, and draws them all.
    const [west, south, east, north] = (await page.getAttribute(
      '[data-testid=map]',
      'data-bounds'
    ))!
      .split(',')
      .map(Number) as [number, number, number, number];
    const inView = (await server.findings()).features.filter(
      ({
        geometry: {
          coordinates: [lon, lat],
        },
      }) => lon > west && lon < east && lat > south && lat < north
    ).length;
    expect(inView).toBe(logged);
    expect(await mapData(page, 'findings-drawn')).toBeGreaterThanOrEqual(
      inView
    );
    expect(await mapData(page, 'findings-drawn')).toBeLessThanOrEqual(logged);
    expect(await mapData(page, 'sensors')).toBe(
      server.scenario.sensors.filter((s) => s.position !== undefined).length
    );
    // The findings canvas really has ink on it.
    const inked = await page.$eval('canvas.findings-canvas', (c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas
        .getContext('2d')!
        .getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(0);
    expect(await page.locator('.finding-list tbody tr').count()).toBe(logged);
    await screenshot(page, 'map');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets the keyboard reach the finding list', async () => {
    const page = await browser.newPage();
    await openMap(page);
    let reached = '';
    for (let i = 0; i < 60 && reached === ''; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        const el = document.activeElement;
        return el?.closest('.finding-list') !== null &&
          el instanceof HTMLAnchorElement
          ? el.getAttribute('href')!
          : '';
      });
    }
    expect(reached).toMatch(/^#\/findings\/[0-9a-f]{64}$/);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-page=finding] [data-finding-id]`);
    await page.close();
  });

  it('lets the keyboard brush the timeline and clear it', async () => {
    const page = await browser.newPage();
    await openMap(page);
    const total = await mapData(page, 'findings-total');
    await page.focus('.timeline-canvas');
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('.timeline-canvas[data-window-from]');
    const shownIn = await page.textContent('[data-testid=shown-count]');
    expect(Number(shownIn!.split(' ')[0])).toBeLessThanOrEqual(total);
    await page.keyboard.press('Shift+ArrowRight');
    const [from, to] = await Promise.all([
      page.getAttribute('.timeline-canvas', 'data-window-from'),
      page.getAttribute('.timeline-canvas', 'data-window-to'),
    ]);
    const bins = Number(
      await page.getAttribute('.timeline-canvas', 'data-bins')
    );
    expect(bins).toBeGreaterThan(1);
    expect(Number(to) - Number(from)).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await page.waitForSelector('.timeline-canvas:not([data-window-from])');
    await expect(page.textContent('[data-testid=shown-count]')).resolves.toBe(
      `${total} shown`
    );
    await page.close();
  });

  it('verifies a finding in the browser and shows each check passing', async () => {
    const page = await browser.newPage({
      viewport: { width: 1366, height: 900 },
    });
    const errors = pageErrors(page);
    const finding = (await server.findings()).features.at(-1)!;
    await page.goto(`${server.url}/#/findings/${finding.id}`);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForSelector('[data-verify-result]', { timeout: 60_000 });
    expect(
      await page.getAttribute('[data-verify-result]', 'data-verify-result')
    ).toBe('valid');
    const results = await page.$$eval('[data-check]', (items) =>
      items.map(
        (li) =>
          `${li.getAttribute('data-check')}=${li.getAttribute('data-result')}`
      )
    );
    expect(results).toEqual([
      'format=pass',
      'checkpoint=pass',
      'quorum=pass',
      'proofs=pass',
      'signatures=pass',
      'recompute=pass',
    ]);
    await screenshot(page, 'finding-verified');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a finding's 95 % ellipse when the map opens on it from its page", async () => {
    const page = await browser.newPage({
      viewport: { width: 1366, height: 900 },
    });
    const errors = pageErrors(page);
    const finding = (await server.findings()).features.at(-1)!;
    await page.goto(`${server.url}/#/findings/${finding.id}`);
    await page.getByRole('link', { name: 'Show on the map' }).click();
    await page.waitForSelector(
      '[data-testid=map][data-zoom="15"][data-findings-total]'
    );
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector<HTMLElement>('[data-testid=map]')!.dataset[
            'ellipsesDrawn'
          ]
        ) > 0
    );
    await screenshot(page, 'map-zoomed');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a tampered evidence file failing, naming the broken check', async () => {
    const page = await browser.newPage({
      viewport: { width: 1366, height: 900 },
    });
    const finding = (await server.findings()).features.at(-1)!;
    // One byte of one source entry changes on the way to the browser.
    await page.route('**/v1/findings/*/evidence', async (route) => {
      const response = await route.fetch();
      const file = JSON.parse(await response.text()) as {
        sources: { bytes: string }[];
      };
      const bytes = Buffer.from(file.sources[0]!.bytes, 'base64');
      bytes[bytes.length >> 1]! ^= 0x01;
      file.sources[0]!.bytes = bytes.toString('base64');
      await route.fulfill({ response, body: JSON.stringify(file) });
    });
    await page.goto(`${server.url}/#/findings/${finding.id}`);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForSelector('[data-verify-result]', { timeout: 60_000 });
    expect(
      await page.getAttribute('[data-verify-result]', 'data-verify-result')
    ).not.toBe('valid');
    expect(await page.getAttribute('[data-check=proofs]', 'data-result')).toBe(
      'fail'
    );
    await expect(page.locator('.verdict').textContent()).resolves.toMatch(
      /INVALID|UNUSABLE/
    );
    await screenshot(page, 'finding-tampered');
    await page.close();
  });

  it('shows a new finding from the event stream without a reload', async () => {
    const page = await browser.newPage();
    await openMap(page);
    await page.waitForSelector('[data-live=sse]');
    const before = await mapData(page, 'findings-total');
    await page.evaluate(
      () =>
        ((window as unknown as { sameDocument: boolean }).sameDocument = true)
    );
    const accepted = await server.submit(server.heldBack);
    expect(accepted).toBe(server.heldBack.length);
    await page.waitForFunction(
      (n) =>
        Number(
          document.querySelector<HTMLElement>('[data-testid=map]')!.dataset[
            'findingsTotal'
          ]
        ) > n,
      before,
      { timeout: 60_000 }
    );
    expect(
      await page.evaluate(
        () => (window as unknown as { sameDocument?: boolean }).sameDocument
      )
    ).toBe(true);
    await screenshot(page, 'map-after-sse');
    await page.close();
  });

  it('shows the log: checkpoint size and root as the server serves them', async () => {
    const page = await browser.newPage({
      viewport: { width: 1366, height: 900 },
    });
    const errors = pageErrors(page);
    await page.goto(`${server.url}/#/log`);
    await page.waitForSelector('[data-testid=checkpoint]');
    const note = await (await fetch(`${server.url}/log/checkpoint`)).text();
    const [, size, root] = note.split('\n');
    const shown = Number(
      await page.getAttribute('[data-testid=checkpoint]', 'data-size')
    );
    // The page may have read a checkpoint a moment older than ours.
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(Number(size));
    if (shown === Number(size)) {
      await expect(
        page.textContent('[data-testid=checkpoint]')
      ).resolves.toContain(root);
    }
    await screenshot(page, 'log');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the coalition: pledges, the tier reached, the plan and its gaps', async () => {
    const page = await browser.newPage({
      viewport: { width: 1366, height: 900 },
    });
    const errors = pageErrors(page);
    const coalition = (await (
      await fetch(`${server.url}/v1/coalition`)
    ).json()) as { pledges: unknown[] };
    const response = (await (
      await fetch(`${server.url}/v1/response`)
    ).json()) as {
      tier: { id: string } | null;
      plan: { uncovered: string[] } | null;
    };
    expect(coalition.pledges.length).toBeGreaterThan(0);
    await page.goto(`${server.url}/#/coalition`);
    await page.waitForSelector('[data-testid=pledges] tbody tr');
    expect(await page.locator('[data-testid=pledges] tbody tr').count()).toBe(
      coalition.pledges.length
    );
    // The tier can only have risen since the request above.
    const tier = await page.getAttribute('[data-tier]', 'data-tier');
    expect(tier).not.toBeNull();
    if (response.tier !== null) {
      expect(tier).not.toBe('none');
      await page.waitForSelector('[data-testid=plan]');
      await page.waitForSelector('[data-testid=plan-history] li');
    }
    await screenshot(page, 'coalition');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says what is not available when an endpoint is missing, and polls without an event stream', async () => {
    const page = await browser.newPage();
    const errors = pageErrors(page);
    const missing = {
      status: 404,
      contentType: 'application/json',
      body: '{"code":"NOT_FOUND","message":"gone"}',
    };
    await page.route('**/v1/events', (route) => route.fulfill(missing));
    await page.route('**/v1/coalition', (route) => route.fulfill(missing));
    await page.goto(`${server.url}/#/coalition`);
    await page.waitForSelector('[data-live=polling]');
    await expect(page.textContent('[data-unavailable]')).resolves.toContain(
      'The coalition registry (GET /v1/coalition) is not available'
    );
    // The rest of the page still works.
    await page.waitForSelector('[data-testid=pledges], [data-tier]');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('works on a 1024x768 touch tablet: the map draws and a drag on the timeline brushes a window', async () => {
    const context = await browser.newContext({
      viewport: { width: 1024, height: 768 },
      hasTouch: true,
      isMobile: true,
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    await openMap(page);
    expect(await mapData(page, 'findings-drawn')).toBeGreaterThan(0);
    const box = (await page.locator('.timeline-canvas').boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, y, { steps: 5 });
    await page.mouse.up();
    await expect(
      page.getAttribute('.timeline-canvas', 'aria-valuetext')
    ).resolves.not.toBe('all times');
    // The count, the list and the map show exactly the findings brushed.
    const from = Number(
      await page.getAttribute('.timeline-canvas', 'data-window-from')
    );
    const to = Number(
      await page.getAttribute('.timeline-canvas', 'data-window-to')
    );
    const inWindow = (await server.findings()).features.filter((f) => {
      const t = Date.parse(f.properties.time);
      return t >= from && t < to;
    }).length;
    expect(inWindow).toBeGreaterThan(0);
    await expect(page.textContent('[data-testid=shown-count]')).resolves.toBe(
      `${inWindow} shown`
    );
    expect(await mapData(page, 'findings-total')).toBe(inWindow);
    expect(await page.locator('.finding-list tbody tr').count()).toBe(inWindow);
    await screenshot(page, 'tablet-map');
    await context.close();
  });
});
