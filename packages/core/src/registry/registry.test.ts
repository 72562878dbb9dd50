import { describe, expect, it } from 'vitest';
import { base64Encode } from '../bytes.js';
import { CoreError } from '../errors.js';
import { ed25519PublicKey } from '../observation/ed25519.js';
import type {
  RegistryEntry,
  SensorKeyRotatedEntry,
  SensorRegisteredEntry,
  SensorRevokedEntry,
} from './registry-entry.js';
import {
  applyRegistryEntry,
  isRegistryEntry,
  registryEmpty,
  SensorRegistry,
} from './registry.js';

const key = (n: number): Uint8Array =>
  ed25519PublicKey(new Uint8Array(32).fill(n));
const K1 = key(1);
const K2 = key(2);
const K3 = key(3);
const TIME = '2026-12-01T00:00:00Z';

function register(id: string, publicKey = K1): SensorRegisteredEntry {
  return {
    v: 1,
    type: 'sensor_registered',
    time: TIME,
    actor: 'monitor',
    sensor: {
      id,
      kind: 'acoustic',
      publicKey: base64Encode(publicKey),
      position: [37.61, 48.02, 180],
      operator: 'monitor',
      timingSigmaS: 0.0005,
    },
  };
}

function rotate(id: string, publicKey: Uint8Array): SensorKeyRotatedEntry {
  const b64 = base64Encode(publicKey);
  return {
    v: 1,
    type: 'sensor_key_rotated',
    time: TIME,
    actor: 'monitor',
    sensor: id,
    publicKey: b64,
  };
}

function revoke(id: string): SensorRevokedEntry {
  return {
    v: 1,
    type: 'sensor_revoked',
    time: TIME,
    actor: 'monitor',
    sensor: id,
    reason: 'destroyed',
  };
}

function registryWith(entries: RegistryEntry[]): SensorRegistry {
  const registry = new SensorRegistry();
  entries.forEach((entry, i) => registry.apply(entry, i * 10));
  return registry;
}

describe('SensorRegistry.apply', () => {
  describe('when a sensor is registered, rotated and revoked', () => {
    const registry = registryWith([register('s1'), rotate('s1', K2)]);

    it('tracks the current key and the key history', () => {
      const state = registry.lookup('s1')!;
      expect(state.publicKey).toEqual(K2);
      expect(state.record.publicKey).toBe(base64Encode(K2));
      expect(state.revoked).toBe(false);
      expect(state.keyHistory).toEqual([
        { publicKey: K1, fromIndex: 0 },
        { publicKey: K2, fromIndex: 10 },
      ]);
    });

    it('answers which key was current at an index', () => {
      expect(registry.keyAt('s1', 9)).toEqual(K1);
      expect(registry.keyAt('s1', 10)).toEqual(K2);
      expect(registry.keyAt('s1', -1)).toBeUndefined();
      expect(registry.keyAt('nope', 10)).toBeUndefined();
    });

    it('marks the sensor revoked and keeps its key history', () => {
      registry.apply(revoke('s1'), 20);
      const state = registry.lookup('s1')!;
      expect(state.revoked).toBe(true);
      expect(state.keyHistory).toHaveLength(2);
      expect(registry.size).toBe(1);
    });
  });

  describe('when the transition is illegal', () => {
    const cases: [string, RegistryEntry[], RegistryEntry, string][] = [
      [
        'registering an existing id',
        [register('s1')],
        register('s1', K2),
        'REGISTRY_SENSOR_EXISTS',
      ],
      [
        'registering a revoked id again',
        [register('s1'), revoke('s1')],
        register('s1', K2),
        'REGISTRY_SENSOR_EXISTS',
      ],
      [
        'rotating an unknown sensor',
        [],
        rotate('s1', K2),
        'REGISTRY_SENSOR_UNKNOWN',
      ],
      [
        'rotating a revoked sensor',
        [register('s1'), revoke('s1')],
        rotate('s1', K2),
        'REGISTRY_SENSOR_REVOKED',
      ],
      [
        'rotating to the current key',
        [register('s1')],
        rotate('s1', K1),
        'REGISTRY_KEY_REUSED',
      ],
      [
        'rotating back to a retired key',
        [register('s1'), rotate('s1', K2)],
        rotate('s1', K1),
        'REGISTRY_KEY_REUSED',
      ],
      [
        'revoking an unknown sensor',
        [register('s1')],
        revoke('s2'),
        'REGISTRY_SENSOR_UNKNOWN',
      ],
      [
        'revoking twice',
        [register('s1'), revoke('s1')],
        revoke('s1'),
        'REGISTRY_SENSOR_REVOKED',
      ],
    ];
    it.each(cases)(
      'rejects %s with %4$s and changes nothing',
      (_d, setup, entry, code) => {
        const registry = registryWith(setup);
        const before = registry.lookup('s1');
        expect(() => registry.apply(entry, 1000)).toThrowWithCode(
          CoreError,
          code
        );
        expect(registry.lookup('s1')).toBe(before);
        registry.apply(register('later', K3), 1000); // the index is still free
      }
    );
  });

  describe('when the log index is not above the last one', () => {
    const cases: [string, number][] = [
      ['equal', 10],
      ['lower', 5],
      ['negative', -1],
      ['fractional', 10.5],
      ['unsafe', 2 ** 53],
      ['NaN', NaN],
    ];
    it.each(cases)('rejects %s with REGISTRY_INDEX_INVALID', (_d, index) => {
      const registry = registryWith([register('a'), register('b')]);
      expect(() => registry.apply(register('c'), index)).toThrowWithCode(
        CoreError,
        'REGISTRY_INDEX_INVALID'
      );
      expect(registry.lookup('c')).toBeUndefined();
    });
  });

  describe('when a caller holds a snapshot', () => {
    it('is frozen and leaves the applied entry unfrozen', () => {
      const entry = register('s1');
      const registry = registryWith([entry]);
      const state = registry.lookup('s1')!;
      expect(Object.isFrozen(state)).toBe(true);
      expect(Object.isFrozen(state.record)).toBe(true);
      expect(Object.isFrozen(state.record.position)).toBe(true);
      expect(Object.isFrozen(state.keyHistory[0])).toBe(true);
      expect(Object.isFrozen(entry.sensor)).toBe(false);
      expect(Object.isFrozen(entry.sensor.position)).toBe(false);
    });

    it('does not change when the sensor does', () => {
      const registry = registryWith([register('s1')]);
      const before = registry.lookup('s1')!;
      registry.apply(rotate('s1', K2), 100);
      expect(before.publicKey).toEqual(K1);
      expect(registry.lookup('s1')!.publicKey).toEqual(K2);
    });
  });
});

describe('SensorRegistry.check', () => {
  describe('when the entry would apply', () => {
    it('returns and changes nothing', () => {
      const registry = registryWith([register('s1')]);
      registry.check(rotate('s1', K2));
      expect(registry.lookup('s1')!.publicKey).toEqual(K1);
      registry.apply(rotate('s1', K2), 10); // the index is still free
    });
  });

  describe('when the entry would not apply', () => {
    it('throws the code apply would throw', () => {
      const registry = registryWith([register('s1')]);
      expect(() => registry.check(register('s1', K2))).toThrowWithCode(
        CoreError,
        'REGISTRY_SENSOR_EXISTS'
      );
    });
  });
});

describe('SensorRegistry.list', () => {
  it('lists every sensor by id, revoked ones included', () => {
    const registry = registryWith([
      register('b'),
      register('a', K2),
      revoke('b'),
    ]);
    const states = registry.list();
    expect(states.map((s) => [s.record.id, s.revoked])).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });
});

describe('applyRegistryEntry', () => {
  it('applies to the state and returns it', () => {
    const state = registryEmpty();
    expect(applyRegistryEntry(state, register('s1'), 0)).toBe(state);
    expect(state.lookup('s1')?.revoked).toBe(false);
  });
});

describe('isRegistryEntry', () => {
  it.each([
    ['sensor_registered', register('s1'), true],
    ['sensor_key_rotated', rotate('s1', K2), true],
    ['sensor_revoked', revoke('s1'), true],
  ] as const)('%s → %s', (_d, entry, want) => {
    expect(isRegistryEntry(entry)).toBe(want);
  });

  it('is false for an observation entry', () => {
    const envelope = {
      payloadType: 'application/vnd.truce.observation.v1+json' as const,
      payload: '',
      signatures: [{ keyid: 's1', sig: '' }] as [
        { keyid: string; sig: string },
      ],
    };
    expect(isRegistryEntry({ v: 1, type: 'observation', envelope })).toBe(
      false
    );
  });
});
