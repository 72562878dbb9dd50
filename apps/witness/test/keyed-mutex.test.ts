import { describe, expect, it } from 'vitest';
import { createKeyedMutex } from '../src/keyed-mutex.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('createKeyedMutex', () => {
  it('runs tasks of one key one at a time, in order', async () => {
    const mutex = createKeyedMutex();
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`start ${name}`);
      await tick();
      events.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      mutex.run('log', task('a')),
      mutex.run('log', task('b')),
    ]);
    expect(results).toEqual(['a', 'b']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('runs tasks of different keys side by side', async () => {
    const mutex = createKeyedMutex();
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`start ${name}`);
      await tick();
      events.push(`end ${name}`);
    };
    await Promise.all([mutex.run('x', task('x')), mutex.run('y', task('y'))]);
    expect(events.slice(0, 2)).toEqual(['start x', 'start y']);
  });

  it('keeps going after a failed task and forgets idle keys', async () => {
    const mutex = createKeyedMutex();
    const failed = mutex.run('log', () => {
      throw new Error('boom');
    });
    const next = mutex.run('log', () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
    await tick();
    expect(mutex.size).toBe(0);
  });
});
