import { describe, expect, it } from 'vitest';
import { fixtureFinding } from './finding-fixture.js';
import { FindingsStore } from './findings-store.js';

describe('FindingsStore', () => {
  it('keeps findings newest log entry first, whatever order they came in', () => {
    const store = new FindingsStore();
    store.replace([1, 5, 3].map((n) => fixtureFinding({ n })));
    expect(store.all.map((f) => f.properties.index)).toEqual([5, 3, 1]);
  });

  it('finds each finding by id after a replace, and none that was replaced away', () => {
    const store = new FindingsStore();
    const [a, b] = [fixtureFinding({ n: 1 }), fixtureFinding({ n: 2 })];
    store.replace([a]);
    expect(store.get(a.id)).toBe(a);
    store.replace([b]);
    expect(store.get(a.id)).toBeUndefined();
    expect(store.get(b.id)).toBe(b);
  });

  it('adds, updates and bumps its version once per change', () => {
    const store = new FindingsStore();
    let heard = 0;
    const stop = store.subscribe(() => heard++);
    store.replace([fixtureFinding({ n: 1 })]);
    store.upsert([
      fixtureFinding({ n: 2 }),
      fixtureFinding({ n: 1, status: 'confirmed' }),
    ]);
    expect(store.all.map((f) => f.properties.index)).toEqual([2, 1]);
    expect(store.get(fixtureFinding({ n: 1 }).id)!.properties.status).toBe(
      'confirmed'
    );
    expect([store.version, heard]).toEqual([2, 2]);
    stop();
    store.upsert([fixtureFinding({ n: 3 })]);
    expect(heard).toBe(2);
  });

  it('drops the findings a new version supersedes', () => {
    const store = new FindingsStore();
    const old = fixtureFinding({ n: 1 });
    store.replace([old]);
    store.upsert([fixtureFinding({ n: 2, supersedes: [old.id] })]);
    expect(store.all.map((f) => f.properties.index)).toEqual([2]);
    expect(store.get(old.id)).toBeUndefined();
  });

  it('changes nothing for an empty update', () => {
    const store = new FindingsStore();
    store.upsert([]);
    expect(store.version).toBe(0);
  });
});
