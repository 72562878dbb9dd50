import { describe, expect, it } from 'vitest';
import type { RunTimer } from './run-scheduler.js';
import { RunScheduler } from './run-scheduler.js';

/** A hand-fired timer and a job whose runs the test finishes. */
function setup(intervalMs = 250, now?: () => number) {
  const waiting: { run: () => void; delayMs: number }[] = [];
  const timer: RunTimer = (run, delayMs) => {
    const item = { run, delayMs };
    waiting.push(item);
    return () => waiting.splice(waiting.indexOf(item), 1);
  };
  const finishes: (() => void)[] = [];
  let runs = 0;
  const scheduler = new RunScheduler(
    () => {
      runs++;
      return new Promise<void>((resolve) => finishes.push(resolve));
    },
    intervalMs,
    timer,
    now
  );
  const fire = () => waiting.splice(0).forEach((w) => w.run());
  const finish = async () => {
    finishes.splice(0).forEach((f) => f());
    await scheduler.running;
    await Promise.resolve();
  };
  return { scheduler, waiting, fire, finish, runs: () => runs };
}

describe('RunScheduler', () => {
  it('waits intervalMs after the first change, not after the last', () => {
    const { scheduler, waiting } = setup(250);
    scheduler.markDirty();
    scheduler.markDirty();
    scheduler.markDirty();
    expect(waiting.map((w) => w.delayMs)).toEqual([250]);
  });

  it('runs one job at a time; changes during a run get one more run', async () => {
    const { scheduler, waiting, fire, finish, runs } = setup();
    scheduler.markDirty();
    fire();
    expect(runs()).toBe(1);
    scheduler.markDirty();
    scheduler.markDirty();
    expect(waiting).toHaveLength(0);
    await finish();
    expect(waiting).toHaveLength(1);
    fire();
    await finish();
    expect(runs()).toBe(2);
    expect(waiting).toHaveLength(0);
  });

  // Each row: when the first change during a run came and when the run
  // ended (ms after it started), and the delay of the run after it.
  it.each([
    ['a short run', 20, 100, 170],
    ['a run as long as the interval', 10, 260, 0],
    ['a long run', 200, 900, 0],
    ['a change at its very end', 100, 100, 250],
    ['a clock set back during it', 500, 100, 250],
  ])(
    'after %s, waits out the interval from the first change during it',
    async (_case, changeAt, endAt, delay) => {
      let t = 0;
      const { scheduler, waiting, fire, finish } = setup(250, () => t);
      scheduler.markDirty();
      fire();
      t = changeAt;
      scheduler.markDirty();
      t = changeAt + 5;
      scheduler.markDirty(); // a later change does not move the first
      t = endAt;
      await finish();
      expect(waiting.map((w) => w.delayMs)).toEqual([delay]);
    }
  );

  it('schedules nothing after a run that saw no change', async () => {
    const { scheduler, waiting, fire, finish } = setup();
    scheduler.markDirty();
    fire();
    await finish();
    expect(waiting).toHaveLength(0);
  });

  it('cancels the pending run on stop and schedules no more', async () => {
    const { scheduler, waiting, runs } = setup();
    scheduler.markDirty();
    await scheduler.stop();
    expect(waiting).toHaveLength(0);
    scheduler.markDirty();
    expect(waiting).toHaveLength(0);
    expect(runs()).toBe(0);
  });

  it('is idle only once the pending run, and the one its changes call for, have ended', async () => {
    const { scheduler, fire, finish } = setup();
    let idle = false;
    const watch = () => {
      idle = false;
      void scheduler.idle().then(() => (idle = true));
    };
    await scheduler.idle();
    scheduler.markDirty();
    watch();
    await finish();
    expect(idle).toBe(false); // pending, not started
    fire();
    scheduler.markDirty(); // a change during the run
    await finish();
    expect(idle).toBe(false); // the run it calls for is pending
    fire();
    await finish();
    expect(idle).toBe(true);
  });

  it('is idle after stop cancels the pending run', async () => {
    const { scheduler, runs } = setup();
    scheduler.markDirty();
    let idle = false;
    void scheduler.idle().then(() => (idle = true));
    await scheduler.stop();
    await Promise.resolve();
    expect(idle).toBe(true);
    expect(runs()).toBe(0);
  });
});
