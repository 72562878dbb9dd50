import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignerKey } from '@truce/core';
import {
  base64Encode,
  formatSignerKey,
  parseSignerKey,
  publicKeyFromSeed,
} from '@truce/core';
import type { TruceClient } from '@truce/protocol';
import type { RunningServer } from '@truce/server';
import { randomBytes } from 'node:crypto';
import type { CliIo } from '../io.js';
import { println } from '../io.js';
import { writeFileAtomic } from '../key-file.js';
import type { DemoSensor } from './simulator.js';

/** Where the demo keeps its own files, beside the server's. */
export function demoPaths(dataDir: string) {
  return {
    adminToken: join(dataDir, 'demo-admin.token'),
    sensorKeys: join(dataDir, 'demo-sensors'),
  };
}

/**
 * The demo's admin token: made on first start, then read back, so that
 * later starts can still register sensors.
 */
export async function demoAdminToken(
  io: CliIo,
  dataDir: string,
  running: RunningServer
): Promise<string> {
  const path = demoPaths(dataDir).adminToken;
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const { createToken } = await import('@truce/server');
  const { secret } = await createToken(running.services.store, {
    role: 'admin',
    label: 'truce demo',
    nowMs: io.now(),
  });
  writeFileAtomic(path, `${secret}\n`, { replace: false });
  println(io.stdout, `  admin token: ${secret}`);
  println(
    io.stdout,
    `               (shown once; kept in ${path} for the demo)`
  );
  return secret;
}

/** Each simulated sensor's key, made once, and its registration. */
export async function demoSensorKeys(
  dataDir: string,
  sensors: readonly DemoSensor[],
  client: TruceClient
): Promise<Map<string, SignerKey>> {
  const dir = demoPaths(dataDir).sensorKeys;
  mkdirSync(dir, { recursive: true });
  const registered = new Set((await client.listSensors()).map((s) => s.id));
  const keys = new Map<string, SignerKey>();
  for (const sensor of sensors) {
    const path = join(dir, `${sensor.id}.key`);
    if (!existsSync(path)) {
      const seed = new Uint8Array(randomBytes(32));
      writeFileAtomic(path, `${formatSignerKey(sensor.id, seed)}\n`, {
        replace: false,
      });
    }
    const key = parseSignerKey(readFileSync(path, 'utf8').trim());
    keys.set(sensor.id, key);
    if (!registered.has(sensor.id)) {
      await client.registerSensor({
        id: sensor.id,
        kind: sensor.kind,
        publicKey: base64Encode(publicKeyFromSeed(key.seed)),
        position: sensor.position,
        operator: 'monitor',
        ...(sensor.kind === 'acoustic' ? { timingSigmaS: 0.002 } : {}),
      });
    }
  }
  return keys;
}
