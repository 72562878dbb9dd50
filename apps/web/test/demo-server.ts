// A real Truce server for the browser tests, in this process on
// 127.0.0.1 and a free port, with the project's demo agreement, ladder and
// coalition (data/), fed a simulated scenario on a stretch of that contact
// line (core sim) played so that it ends a minute ago: the findings engine
// turns it into findings as it would live.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  OBSERVATION_PAYLOAD_TYPE,
  ed25519Sign,
  parseSimAgreement,
  signEnvelope,
  simulateScenario,
  utf8Encode,
} from '@truce/core';
import type { SimObservation, SimScenario } from '@truce/core';
import { createTruceClient } from '@truce/protocol';
import type { FindingCollection } from '@truce/protocol';
import { parseServerConfig, startServer } from '@truce/server';
import type { RunningServer } from '@truce/server';

export type DemoServer = {
  url: string;
  running: RunningServer;
  scenario: SimScenario;
  /** Observations held back, for a test to send while a page is open. */
  heldBack: SimObservation[];
  /** Signs and submits observations; returns how many were accepted. */
  submit: (observations: readonly SimObservation[]) => Promise<number>;
  findings: () => Promise<FindingCollection>;
  close: () => Promise<void>;
};

const MINUTE_MS = 60_000;
/** The project's demo data: agreement, escalation ladder, coalition. */
const DATA = fileURLToPath(new URL('../../../data/', import.meta.url));

/** Polls `check` until it gives a value, up to `tries` times 250 ms apart. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  tries = 240
): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('gave up waiting');
}

/**
 * Starts the server and feeds it all but the last `holdBackMinutes` of a
 * `minutes`-long scenario that ends one minute before now; resolves once
 * the engine has logged what it finds in them (at least one finding).
 * `submit` waits for the engine too.
 */
export async function startDemoServer(
  options: { minutes?: number; holdBackMinutes?: number; seed?: number } = {}
): Promise<DemoServer> {
  const minutes = options.minutes ?? 25;
  const endMs = Date.now() - MINUTE_MS;
  const startMs = endMs - minutes * MINUTE_MS;
  const agreement = {
    ...(JSON.parse(
      readFileSync(join(DATA, 'agreement-minsk2-demo.json'), 'utf8')
    ) as Record<string, unknown>),
    effectiveFrom: new Date(startMs - 24 * 60 * MINUTE_MS)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z'),
  };
  const scenario = simulateScenario({
    seed: options.seed ?? 7,
    agreement: parseSimAgreement(agreement),
    params: {
      difficulty: 'medium',
      hours: minutes / 60,
      startMicros: startMs * 1000,
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'truce-web-'));
  writeFileSync(join(dir, 'agreement.json'), JSON.stringify(agreement));
  writeFileSync(join(dir, 'sensors.json'), JSON.stringify(scenario.sensors));
  const running = await startServer(
    parseServerConfig({
      dataDir: join(dir, 'data'),
      host: '127.0.0.1',
      port: 0,
      sensorsFile: join(dir, 'sensors.json'),
      agreementFile: join(dir, 'agreement.json'),
      ladderFile: join(DATA, 'ladder-minsk2-demo.json'),
      coalitionFile: join(DATA, 'coalition-demo.json'),
      logLevel: 'silent',
      verifyWorkers: 0,
      findingsIntervalMs: 100,
    })
  );
  const client = createTruceClient({ baseUrl: running.url });
  const submit = async (observations: readonly SimObservation[]) => {
    let accepted = 0;
    for (let i = 0; i < observations.length; i += 500) {
      const envelopes = observations
        .slice(i, i + 500)
        .map(({ sensorId, payload }) =>
          signEnvelope({
            payloadType: OBSERVATION_PAYLOAD_TYPE,
            payload: utf8Encode(JSON.stringify(payload)),
            keyid: sensorId,
            sign: (message) =>
              ed25519Sign(scenario.sensorSeeds.get(sensorId)!, message),
          })
        );
      const { results } = await client.submitObservations(envelopes);
      accepted += results.filter((r) => r.status === 'accepted').length;
    }
    // Accepted is committed; wait for the findings the engine makes of it,
    // so a test compares the page with the server's final list.
    await running.services.findings.idle();
    return accepted;
  };
  const cut = (endMs - (options.holdBackMinutes ?? 0) * MINUTE_MS) * 1000;
  const timeOf = (o: SimObservation) => Date.parse(o.payload.time) * 1000;
  const first = scenario.observations.filter((o) => timeOf(o) < cut);
  const heldBack = scenario.observations.filter((o) => timeOf(o) >= cut);
  await submit(first);
  const findings = async () =>
    (await (
      await fetch(`${running.url}/v1/findings?limit=10000`)
    ).json()) as FindingCollection;
  if ((await findings()).features.length === 0) {
    throw new Error('the demo scenario gave the engine no finding');
  }
  return {
    url: running.url,
    running,
    scenario,
    heldBack,
    submit,
    findings,
    async close() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
