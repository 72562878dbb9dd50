// Shared by the browser tests: one demo server and one Chromium per test
// file, started before its tests and closed after them.
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureWeb } from '../../../scripts/ensure-web.mjs';
import { launchChromium } from './browser.js';
import { startDemoServer, waitFor } from './demo-server.js';
import type { DemoServer } from './demo-server.js';

export type Dashboard = { server: DemoServer; browser: Browser };

/** Registers the hooks; the fields are set once beforeAll has run. */
export function useDashboard(): Dashboard {
  const dashboard = {} as Dashboard;
  beforeAll(async () => {
    await ensureWeb();
    // The last 4 minutes of the scenario are sent later, while a page is open.
    const server = await startDemoServer({ holdBackMinutes: 4 });
    dashboard.server = server;
    // Findings become verifiable once a checkpoint covers them.
    const first = (await server.findings()).features.at(-1)!;
    await waitFor(async () => {
      const r = await fetch(`${server.url}/v1/findings/${first.id}/evidence`);
      await r.body?.cancel();
      return r.status === 200 ? true : undefined;
    });
    dashboard.browser = await launchChromium();
  });
  afterAll(async () => {
    await dashboard.browser?.close();
    await dashboard.server?.close();
  });
  return dashboard;
}

export async function openMap(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/#/`);
  await page.waitForSelector(
    '[data-testid=map][data-contact-line-parts][data-findings-drawn]'
  );
}

/** A number the map element states about what it drew (data-*). */
export const mapData = (page: Page, name: string) =>
  page.getAttribute('[data-testid=map]', `data-${name}`).then(Number);
