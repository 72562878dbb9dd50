import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SensorRecord } from '@truce/core';
import {
  base64Encode,
  formatSignerKey,
  parseSignerKey,
  publicKeyFromSeed,
} from '@truce/core';
import type { TruceClient } from '@truce/protocol';
import type { RunningServer } from '@truce/server';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { println } from '../io.js';
import { writeFileAtomic } from '../key-file.js';
import type { SensorSigner } from './episode-feed.js';

/** Where the demo keeps its own files, beside the server's. */
export function demoPaths(dataDir: string) {
  return {
    adminToken: join(dataDir, 'demo-admin.token'),
    sensorKeys: join(dataDir, 'demo-sensors'),
    witnesses: join(dataDir, 'witnesses'),
    policy: join(dataDir, 'witness-policy.txt'),
    state: join(dataDir, 'demo-state.json'),
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
): Promise<{ secret: string; created: boolean }> {
  const path = demoPaths(dataDir).adminToken;
  if (existsSync(path)) {
    return { secret: readFileSync(path, 'utf8').trim(), created: false };
  }
  const { createToken } = await import('@truce/server');
  const { secret } = await createToken(running.services.store, {
    role: 'admin',
    label: 'truce demo',
    nowMs: io.now(),
  });
  writeFileAtomic(path, `${secret}\n`, { replace: false });
  return { secret, created: true };
}

// RFC 8410 §7: the PKCS #8 DER prefix of an Ed25519 private key (the seed follows).
const PKCS8_ED25519_PREFIX = Buffer.from(
  '302e020100300506032b657004220420',
  'hex'
);

/** Signs with node:crypto, byte-identical to core's ed25519Sign (RFC 8032) and faster. */
export function nodeSensorSigner(
  keys: ReadonlyMap<string, Uint8Array>
): SensorSigner {
  const objects = new Map<string, KeyObject>();
  return (sensorId, message) => {
    let key = objects.get(sensorId);
    if (key === undefined) {
      const seed = keys.get(sensorId);
      if (seed === undefined) {
        throw new CliError('FAILED', `no key for sensor ${sensorId}`);
      }
      key = createPrivateKey({
        key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
        format: 'der',
        type: 'pkcs8',
      });
      objects.set(sensorId, key);
    }
    return new Uint8Array(sign(null, message, key));
  };
}

/**
 * Each sensor's key, made once in the demo folder (never derived from the
 * public seed, so nobody else can sign as a demo sensor), and its
 * registration with that key unless the registry holds it already.
 */
export async function registerDemoSensors(
  dataDir: string,
  sensors: readonly SensorRecord[],
  client: TruceClient
): Promise<Map<string, Uint8Array>> {
  const dir = demoPaths(dataDir).sensorKeys;
  mkdirSync(dir, { recursive: true });
  const registered = new Map(
    (await client.listSensors()).map((s) => [s.id, s])
  );
  const seeds = new Map<string, Uint8Array>();
  for (const sensor of sensors) {
    const path = join(dir, `${sensor.id}.key`);
    if (!existsSync(path)) {
      writeFileAtomic(
        path,
        `${formatSignerKey(sensor.id, new Uint8Array(randomBytes(32)))}\n`,
        { replace: false }
      );
    }
    const { seed } = parseSignerKey(readFileSync(path, 'utf8').trim());
    const publicKey = base64Encode(publicKeyFromSeed(seed));
    seeds.set(sensor.id, seed);
    const known = registered.get(sensor.id);
    if (known === undefined) {
      await client.registerSensor({ ...sensor, publicKey });
      continue;
    }
    const current = known.keys[known.keys.length - 1]?.publicKey;
    if (known.revoked || current !== publicKey) {
      throw new CliError(
        'FAILED',
        `sensor ${sensor.id} is registered ${known.revoked ? 'and revoked' : `with a key other than ${path}`}; start with another --seed or --data`
      );
    }
  }
  return seeds;
}

/**
 * Revokes the sensors of earlier episodes (those the demo made a key for
 * and that are not in `current`), so the registry and the map show the
 * network now playing. Returns how many it revoked.
 */
export async function retireDemoSensors(
  dataDir: string,
  current: readonly SensorRecord[],
  client: TruceClient
): Promise<number> {
  const dir = demoPaths(dataDir).sensorKeys;
  const keep = new Set(current.map((s) => s.id));
  let revoked = 0;
  for (const sensor of await client.listSensors()) {
    if (sensor.revoked || keep.has(sensor.id)) continue;
    if (!existsSync(join(dir, `${sensor.id}.key`))) continue;
    await client.revokeSensor(sensor.id, 'demo: its episode has ended');
    revoked++;
  }
  return revoked;
}

/** Prints the admin token the first time it is made. */
export function printAdminToken(
  io: CliIo,
  dataDir: string,
  token: { secret: string; created: boolean }
): void {
  const path = demoPaths(dataDir).adminToken;
  println(io.stdout, `  admin token: ${token.secret}`);
  println(
    io.stdout,
    `               (${token.created ? 'made now' : 'made earlier'}; kept in ${path})`
  );
}
