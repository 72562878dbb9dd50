import { describe, expect, it } from 'vitest';
import type { Observation } from '@truce/core';
import { pageErrors, screenshot } from './browser.js';
import { openMap, useDashboard } from './dashboard-kit.js';
import { FORKED_ORIGIN, startTestWitness } from './witness-kit.js';

const dashboard = useDashboard();

type SensorAnswer = {
  sensors: {
    id: string;
    record: { position?: number[] };
    health?: { status: string; lastSeen: string | null };
  }[];
};

const readSensors = async () =>
  (
    (await (
      await fetch(`${dashboard.server.url}/v1/sensors`)
    ).json()) as SensorAnswer
  ).sensors;

/** A heartbeat from `sensorId` now, after every seq the scenario uses. */
function heartbeat(sensorId: string, status: 'tamper' | 'jamming') {
  const seq = Math.max(
    ...dashboard.server.scenario.observations
      .filter((o) => o.sensorId === sensorId)
      .map((o) => o.payload.seq)
  );
  const payload: Observation = {
    sensor: sensorId,
    seq: seq + 1,
    time: new Date().toISOString(),
    kind: 'heartbeat',
    heartbeat: { status },
  };
  return { sensorId, payload };
}

describe('sensor health and witnesses', () => {
  it('colours each sensor by its health, names it for screen readers and counts them in the legend', async () => {
    const [tampered, jammed] = dashboard.server.scenario.sensors.map(
      (s) => s.id
    );
    // Their seqs follow every scenario observation's; this file never sends
    // the held-back ones, which would now come too late.
    expect(
      await dashboard.server.submit([
        heartbeat(tampered!, 'tamper'),
        heartbeat(jammed!, 'jamming'),
      ])
    ).toBe(2);
    const before = await readSensors();
    const page = await dashboard.browser.newPage({
      viewport: { width: 1366, height: 900 },
    });
    const errors = pageErrors(page);
    await openMap(page, dashboard.server.url);
    await page.waitForSelector('[data-testid=map][data-sensor-health]');
    const after = await readSensors();
    const placed = before.filter((s) => (s.record.position?.length ?? 0) >= 2);
    expect(await page.locator('.sensor-mark').count()).toBe(placed.length);

    for (const [id, status, label] of [
      [tampered!, 'tampered', 'tampered'],
      [jammed!, 'jammed', 'jammed'],
    ]) {
      const mark = page.locator(`.sensor-mark[data-sensor="${id}"]`);
      expect(await mark.getAttribute('data-health')).toBe(status);
      expect(await mark.getAttribute('role')).toBe('img');
      expect(await mark.getAttribute('aria-label')).toMatch(
        new RegExp(
          `^Sensor ${id}: ${label}; last seen \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`
        )
      );
    }
    // Every mark shows what the server said, before or after the page read
    // it (a sensor may fall silent in between).
    const shown = await page
      .locator('.sensor-mark')
      .evaluateAll((els) =>
        els.map((el) => [
          (el as HTMLElement).dataset['sensor']!,
          (el as HTMLElement).dataset['health']!,
        ])
      );
    const statusIn = (list: SensorAnswer['sensors'], id: string) =>
      list.find((s) => s.id === id)?.health?.status;
    for (const [id, health] of shown) {
      expect([statusIn(before, id!), statusIn(after, id!)]).toContain(health);
    }
    // The legend counts what the map shows, status by status.
    const legend = await page
      .locator('[data-testid=sensor-legend] [data-health]')
      .evaluateAll((els) =>
        els.map((el) => [
          (el as HTMLElement).dataset['health']!,
          Number(
            el.querySelector<HTMLElement>('[data-count]')!.dataset['count']
          ),
        ])
      );
    for (const [status, n] of legend) {
      expect(shown.filter(([, h]) => h === status)).toHaveLength(n as number);
    }
    expect(legend.reduce((sum, [, n]) => sum + (n as number), 0)).toBe(
      placed.length
    );
    // The same facts in a table, for the keyboard: worst first.
    await page.locator('[data-testid=sensor-list] summary').press('Enter');
    const rows = await page
      .locator('[data-testid=sensor-list] tbody tr')
      .evaluateAll((els) =>
        els.map((el) => [
          (el as HTMLElement).dataset['sensor'],
          (el as HTMLElement).dataset['health'],
        ])
      );
    expect(rows).toContainEqual([tampered, 'tampered']);
    expect(rows).toContainEqual([jammed, 'jammed']);
    const urgency = ['tampered', 'jammed', 'silent', 'degraded', 'unknown'];
    const ranks = rows.map(([, h]) => urgency.indexOf(h!) + 1 || 99);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(rows.every(([, h]) => h !== 'ok')).toBe(true);
    expect(rows).toHaveLength(shown.filter(([, h]) => h !== 'ok').length);
    await screenshot(page, 'map-sensor-health');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows each witness's equivocations, read from the witness itself, or none", async () => {
    const forked = await startTestWitness('witness.forked.example', {
      fork: true,
    });
    const clean = await startTestWitness('witness.clean.example', {
      fork: false,
    });
    try {
      const page = await dashboard.browser.newPage({
        viewport: { width: 1366, height: 900 },
      });
      const errors = pageErrors(page);
      // The demo server asks no witness to cosign; this list points the page
      // at two real witnesses on other origins.
      await page.route('**/v1/witnesses', (route) =>
        route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({
            witnesses: [forked, clean].map((w) => ({
              name: w.name,
              url: w.url,
              cosignedSize: 0,
            })),
          }),
        })
      );
      await page.goto(`${dashboard.server.url}/#/log`);
      const cell = (name: string) =>
        page.locator(`[data-witness="${name}"] [data-equivocations]`);
      await page.waitForSelector(
        `[data-witness="${forked.name}"] [data-equivocations="1"]`
      );
      await expect(cell(forked.name).textContent()).resolves.toMatch(
        new RegExp(
          `same-size-different-root on ${FORKED_ORIGIN}, detected \\d{4}-`
        )
      );
      await page.waitForSelector(
        `[data-witness="${clean.name}"] [data-equivocations="0"]`
      );
      await expect(cell(clean.name).textContent()).resolves.toBe('none');
      await screenshot(page, 'log-equivocations');
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await forked.close();
      await clean.close();
    }
  });
});
