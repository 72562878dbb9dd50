import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SimAgreement, SimParams } from '@truce/core';
import type { TruceClient } from '@truce/protocol';
import { ClientError } from '@truce/protocol';
import type { CliIo } from '../io.js';
import { println } from '../io.js';
import { writeFileAtomic } from '../key-file.js';
import {
  demoPaths,
  nodeSensorSigner,
  registerDemoSensors,
  retireDemoSensors,
} from './demo-setup.js';
import {
  EpisodeFeed,
  scheduleEpisode,
  simulateEpisode,
} from './episode-feed.js';

/** Counters the status line shows. */
export type FeedCounts = {
  seed: number;
  sent: number;
  accepted: number;
  /** Rejections by code, e.g. a rate limit. */
  rejected: Map<string, number>;
};

/** The longest the feed sleeps between looks at the clock, ms. */
const MAX_IDLE_MS = 200;

/**
 * The first seed of a fresh folder. Seed 6's first engagement is tracked
 * by both radars, so a verified finding, a tier and a response plan come
 * seconds after start (seed 1's first comes after about nine minutes at
 * the default speed).
 */
export const DEMO_FIRST_SEED = 6;

/** The seed after the last episode this folder played, DEMO_FIRST_SEED on a fresh one. */
export function nextSeedOf(dataDir: string): number {
  const path = demoPaths(dataDir).state;
  if (!existsSync(path)) return DEMO_FIRST_SEED;
  try {
    const { nextSeed } = JSON.parse(readFileSync(path, 'utf8')) as {
      nextSeed?: unknown;
    };
    return Number.isSafeInteger(nextSeed)
      ? (nextSeed as number)
      : DEMO_FIRST_SEED;
  } catch {
    return DEMO_FIRST_SEED;
  }
}

function recordSeed(dataDir: string, seed: number): void {
  writeFileAtomic(
    demoPaths(dataDir).state,
    `${JSON.stringify({ nextSeed: seed + 1 })}\n`,
    { replace: true, mode: 0o644 }
  );
}

/**
 * Plays scenarios one after another until `signal` aborts: simulate,
 * register the episode's sensors, then send each observation when its
 * warped time comes; when one runs out, the next seed follows.
 */
export async function playEpisodes(options: {
  io: CliIo;
  dataDir: string;
  client: TruceClient;
  agreement: SimAgreement;
  /** Default DEMO_SIM_PARAMS; tests play shorter scenarios. */
  params?: SimParams;
  speed: number;
  firstSeed: number;
  signal: AbortSignal;
  counts: FeedCounts;
  onEpisode?: (seed: number, sensors: number, wallSeconds: number) => void;
}): Promise<void> {
  const { io, client, signal, counts } = options;
  for (let seed = options.firstSeed; !signal.aborted; seed++) {
    recordSeed(options.dataDir, seed);
    const simulated = simulateEpisode({
      seed,
      agreement: options.agreement,
      ...(options.params === undefined ? {} : { params: options.params }),
    });
    const keys = await registerDemoSensors(
      options.dataDir,
      simulated.sensors,
      client
    );
    await retireDemoSensors(options.dataDir, simulated.sensors, client);
    const episode = scheduleEpisode(simulated, options.speed, io.now() * 1000);
    counts.seed = seed;
    options.onEpisode?.(
      seed,
      simulated.sensors.length,
      Math.round((episode.endWallMicros - io.now() * 1000) / 1e6)
    );
    const feed = new EpisodeFeed(
      episode,
      nodeSensorSigner(keys),
      options.speed
    );
    while (!signal.aborted && !feed.done) {
      const envelopes = feed.take(io.now() * 1000);
      if (envelopes.length > 0) {
        await submit(io, client, envelopes, counts);
        continue;
      }
      const waitMs = ((feed.nextWallMicros ?? 0) - io.now() * 1000) / 1000;
      await sleep(Math.max(1, Math.min(MAX_IDLE_MS, waitMs)), undefined, {
        signal,
      }).catch(() => {});
    }
  }
}

async function submit(
  io: CliIo,
  client: TruceClient,
  envelopes: readonly unknown[],
  counts: FeedCounts
): Promise<void> {
  counts.sent += envelopes.length;
  try {
    const { results } = await client.submitObservations(envelopes);
    for (const r of results) {
      if (r.status === 'accepted') {
        counts.accepted++;
      } else {
        counts.rejected.set(r.code, (counts.rejected.get(r.code) ?? 0) + 1);
      }
    }
  } catch (error) {
    if (!(error instanceof ClientError)) throw error;
    println(io.stderr, `demo: ${error.code}: ${error.message}`);
  }
}
