import { describe, expect, it } from 'vitest';
import { pageErrors, screenshot } from './browser.js';
import { mapData, openMap, useDashboard } from './dashboard-kit.js';

const dashboard = useDashboard();

describe('the dashboard map, served by a running server', () => {
  it("is served at / while unknown paths still get the API's NOT_FOUND", async () => {
    const index = await fetch(`${dashboard.server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    await index.body?.cancel();
    const missing = await fetch(`${dashboard.server.url}/v1/no-such-route`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('NOT_FOUND');
  });

  it('draws the contact line, the withdrawal lines and every finding on the map', async () => {
    const page = await dashboard.browser.newPage({
      viewport: { width: 1366, height: 900 },
    });
    const errors = pageErrors(page);
    await openMap(page, dashboard.server.url);
    const logged = (await dashboard.server.findings()).features.length;
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
      await fetch(`${dashboard.server.url}/v1/agreements/current`)
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
    const inView = (await dashboard.server.findings()).features.filter(
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
      dashboard.server.scenario.sensors.filter((s) => s.position !== undefined)
        .length
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

  it('pages back through every finding with the before cursor, drawing each page', async () => {
    const page = await dashboard.browser.newPage();
    const errors = pageErrors(page);
    const cursors: string[] = [];
    page.on('request', (r) => {
      const before = new URL(r.url()).searchParams.get('before');
      if (before !== null) cursors.push(before);
    });
    const logged = (await dashboard.server.findings()).features;
    expect(logged.length).toBeGreaterThan(6);
    await page.goto(`${dashboard.server.url}/?pageSize=3#/`);
    await page.waitForFunction(
      (n) =>
        Number(
          document.querySelector<HTMLElement>('[data-testid=map]')?.dataset[
            'findingsTotal'
          ]
        ) === n,
      logged.length
    );
    await page.waitForSelector('[data-loading-older]', { state: 'detached' });
    expect(await page.locator('[data-truncated]').count()).toBe(0);
    // One request per older page, each below the one before.
    expect(cursors.length).toBe(Math.floor(logged.length / 3));
    expect(cursors.map(Number)).toEqual(
      [...cursors.map(Number)].sort((a, b) => b - a)
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets the keyboard reach the finding list', async () => {
    const page = await dashboard.browser.newPage();
    await openMap(page, dashboard.server.url);
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
    const page = await dashboard.browser.newPage();
    await openMap(page, dashboard.server.url);
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

  it('shows a new finding from the event stream without a reload', async () => {
    const page = await dashboard.browser.newPage();
    await openMap(page, dashboard.server.url);
    await page.waitForSelector('[data-live=sse]');
    const before = await mapData(page, 'findings-total');
    await page.evaluate(
      () =>
        ((window as unknown as { sameDocument: boolean }).sameDocument = true)
    );
    const accepted = await dashboard.server.submit(dashboard.server.heldBack);
    expect(accepted).toBe(dashboard.server.heldBack.length);
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

  it('works on a 1024x768 touch tablet: the map draws and a drag on the timeline brushes a window', async () => {
    const context = await dashboard.browser.newContext({
      viewport: { width: 1024, height: 768 },
      hasTouch: true,
      isMobile: true,
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    await openMap(page, dashboard.server.url);
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
    const inWindow = (await dashboard.server.findings()).features.filter(
      (f) => {
        const t = Date.parse(f.properties.time);
        return t >= from && t < to;
      }
    ).length;
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
