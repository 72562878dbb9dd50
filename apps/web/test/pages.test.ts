import { describe, expect, it } from 'vitest';
import { pageErrors, screenshot } from './browser.js';
import { useDashboard } from './dashboard-kit.js';

const dashboard = useDashboard();

describe('the finding, coalition and log pages', () => {
  it('verifies a finding in the browser and shows each check passing', async () => {
    const page = await dashboard.browser.newPage({
      viewport: { width: 1366, height: 900 },
    });
    const errors = pageErrors(page);
    const finding = (await dashboard.server.findings()).features.at(-1)!;
    await page.goto(`${dashboard.server.url}/#/findings/${finding.id}`);
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
    const page = await dashboard.browser.newPage({
      viewport: { width: 1366, height: 900 },
    });
    const errors = pageErrors(page);
    const finding = (await dashboard.server.findings()).features.at(-1)!;
    await page.goto(`${dashboard.server.url}/#/findings/${finding.id}`);
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
    const page = await dashboard.browser.newPage({
      viewport: { width: 1366, height: 900 },
    });
    const finding = (await dashboard.server.findings()).features.at(-1)!;
    // One byte of one source entry changes on the way to the dashboard.browser.
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
    await page.goto(`${dashboard.server.url}/#/findings/${finding.id}`);
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

  it('shows the log: checkpoint size and root as the server serves them', async () => {
    const page = await dashboard.browser.newPage({
      viewport: { width: 1366, height: 900 },
    });
    const errors = pageErrors(page);
    await page.goto(`${dashboard.server.url}/#/log`);
    await page.waitForSelector('[data-testid=checkpoint]');
    const note = await (
      await fetch(`${dashboard.server.url}/log/checkpoint`)
    ).text();
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
    const page = await dashboard.browser.newPage({
      viewport: { width: 1366, height: 900 },
    });
    const errors = pageErrors(page);
    const coalition = (await (
      await fetch(`${dashboard.server.url}/v1/coalition`)
    ).json()) as { pledges: unknown[]; delivered: unknown[] };
    const response = (await (
      await fetch(`${dashboard.server.url}/v1/response`)
    ).json()) as {
      tier: { id: string } | null;
      plan: { uncovered: string[] } | null;
    };
    expect(coalition.pledges.length).toBeGreaterThan(0);
    await page.goto(`${dashboard.server.url}/#/coalition`);
    await page.waitForSelector('[data-testid=pledges] tbody tr');
    expect(await page.locator('[data-testid=pledges] tbody tr').count()).toBe(
      coalition.pledges.length
    );
    // Pledged beside delivered: one row per member the Kiel data knows.
    expect(coalition.delivered.length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=delivered] tbody tr').count()).toBe(
      coalition.delivered.length
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
    const page = await dashboard.browser.newPage();
    const errors = pageErrors(page);
    const missing = {
      status: 404,
      contentType: 'application/json',
      body: '{"code":"NOT_FOUND","message":"gone"}',
    };
    await page.route('**/v1/events', (route) => route.fulfill(missing));
    await page.route('**/v1/coalition', (route) => route.fulfill(missing));
    await page.goto(`${dashboard.server.url}/#/coalition`);
    await page.waitForSelector('[data-live=polling]');
    await expect(page.textContent('[data-unavailable]')).resolves.toContain(
      'The coalition registry (GET /v1/coalition) is not available'
    );
    // The rest of the page still works.
    await page.waitForSelector('[data-testid=pledges], [data-tier]');
    expect(errors).toEqual([]);
    await page.close();
  });
});
