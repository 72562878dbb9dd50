import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@truce/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logLadderFile } from '../src/main.js';
import type { TestLog } from './helpers.js';
import { createTestLog } from './helpers.js';

const DEMO = join(REPO_ROOT, 'data', 'ladder-minsk2-demo.json');

describe('logLadderFile (the ladderFile of the server config)', () => {
  let dir: string;
  let log: TestLog;
  const logger = { info: () => {} };
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'truce-ladder-'));
    log = await createTestLog();
  });
  afterEach(async () => {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs the demo ladder once, and serves it', async () => {
    const index = await logLadderFile(log.services, DEMO, logger);
    expect(await logLadderFile(log.services, DEMO, logger)).toBe(index);
    await log.services.response.settled();
    expect(await log.size()).toBe(index + 1);
    const res = await log.app.inject({ method: 'GET', url: '/v1/ladder' });
    expect(res.json()).toEqual({
      index,
      ladder: JSON.parse(readFileSync(DEMO, 'utf8')),
    });
  });

  it.each([
    ['a missing file', undefined, 'cannot read ladder file'],
    ['a file that is not JSON', '{', 'cannot read ladder file'],
    ['a ladder with issues', '{"id":"x"}', 'LADDER_MALFORMED'],
  ])('fails with the file named for %s', async (_name, text, message) => {
    const path = join(dir, 'ladder.json');
    if (text !== undefined) writeFileSync(path, text);
    const size = await log.size();
    await expect(logLadderFile(log.services, path, logger)).rejects.toThrow(
      message
    );
    expect(await log.size()).toBe(size);
  });
});
