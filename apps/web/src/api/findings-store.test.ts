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

  it('appends older pages after the newer ones, drawing each as it comes', () => {
    const store = new FindingsStore();
    store.replace([9, 8].map((n) => fixtureFinding({ n })));
    store.appendOlder([6, 5].map((n) => fixtureFinding({ n })));
    store.appendOlder([3].map((n) => fixtureFinding({ n })));
    expect(store.all.map((f) => f.properties.index)).toEqual([9, 8, 6, 5, 3]);
    expect(store.version).toBe(3);
    expect(store.get(fixtureFinding({ n: 5 }).id)?.properties.index).toBe(5);
  });

  it('keeps a finding an event brought in before its older page came', () => {
    const store = new FindingsStore();
    store.replace([fixtureFinding({ n: 9 })]);
    // A review of finding 5 arrives as an event before the page holding it.
    store.upsert([fixtureFinding({ n: 5, status: 'confirmed' })]);
    store.appendOlder([6, 5, 4].map((n) => fixtureFinding({ n })));
    expect(store.all.map((f) => f.properties.index)).toEqual([9, 6, 5, 4]);
    expect(store.get(fixtureFinding({ n: 5 }).id)!.properties.status).toBe(
      'confirmed'
    );
  });

  it('does not bring back a finding superseded while older pages load', () => {
    const store = new FindingsStore();
    const old = fixtureFinding({ n: 4 });
    store.replace([fixtureFinding({ n: 9 })]);
    store.upsert([fixtureFinding({ n: 10, supersedes: [old.id] })]);
    store.appendOlder([fixtureFinding({ n: 5 }), old]);
    expect(store.all.map((f) => f.properties.index)).toEqual([10, 9, 5]);
    expect(store.get(old.id)).toBeUndefined();
  });

  it('changes nothing for an empty update', () => {
    const store = new FindingsStore();
    store.upsert([]);
    store.appendOlder([]);
    expect(store.version).toBe(0);
  });
});
