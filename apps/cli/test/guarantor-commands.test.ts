import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeLogEntry } from '@truce/core';
import { seed } from '../../server/test/coalition-fixture.js';
import type { TestLog } from '../../server/test/helpers.js';
import { sceneLog } from '../../server/test/response-scene.js';
import type { LoopbackReceiver } from '../../server/test/webhook-receiver.js';
import { startReceiver } from '../../server/test/webhook-receiver.js';
import { runCli, tempDir } from './helpers.js';

// truce commission decide, pledge move and webhook *, against the server's
// app listening on loopback: one verified finding, France and its pledge.

const SECRET = 'whsec_cli_test_0123456789';

let log: TestLog;
let url: string;
let findingId: string;
let files: ReturnType<typeof tempDir>;
let receiver: LoopbackReceiver;
beforeAll(async () => {
  const scene = await sceneLog();
  log = scene.log;
  findingId = scene.id;
  await seed(log);
  url = await log.app.listen({ host: '127.0.0.1', port: 0 });
  files = tempDir();
  receiver = await startReceiver({
    secret: SECRET,
    nowSeconds: () => Math.floor(log.clock.nowMs / 1000),
  });
});
afterAll(async () => {
  await receiver.close();
  await log.close();
  files.cleanup();
});

async function entriesOf(type: string) {
  const rows = await log.services.store.readEntriesByType([type]);
  return rows.map((r) => decodeLogEntry(r.bytes) as Record<string, unknown>);
}

describe('--help', () => {
  it.each([
    ['commission', 'decide'],
    ['pledge', 'move'],
    ['webhook', 'add'],
    ['webhook', 'list'],
    ['webhook', 'remove'],
    ['webhook', 'deliveries'],
  ])('truce %s %s --help prints its usage', async (group, name) => {
    const run = await runCli([group, name, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^usage: truce ${group} ${name} `));
    expect(run.stdout).toContain('--url URL');
    expect(run.stdout).toContain('--token TOKEN');
  });
});

describe('truce commission decide', () => {
  const decide = (token: string, ...extra: string[]) =>
    runCli([
      'commission',
      'decide',
      '--url',
      url,
      '--token',
      token,
      '--remedy',
      'withdraw the gun',
      '--reason',
      'the sensors locate it south of the line',
      ...extra,
    ]);

  it('logs the decision, with its probability', async () => {
    const run = await decide(
      await log.token('commission'),
      '--finding',
      findingId,
      '--party',
      'B',
      '--probability',
      '0.95'
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^decision on ${findingId} logged at index \\d+: party B \\(p 0.95\\)`
      )
    );
    const logged = (await entriesOf('commission_decision')).at(-1);
    expect(logged).toMatchObject({
      findingId,
      attribution: { party: 'B', probability: 0.95 },
      remedy: 'withdraw the gun',
    });
  });

  it('--party none attributes the finding to nobody', async () => {
    const run = await decide(
      await log.token('admin'),
      '--finding',
      findingId,
      '--party',
      'none'
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(': no party');
    expect((await entriesOf('commission_decision')).at(-1)).toMatchObject({
      attribution: { party: null },
    });
  });

  it.each([
    [
      'a probability above 1',
      ['--party', 'B', '--probability', '1.5'],
      2,
      /from 0 to 1/,
    ],
    [
      'a probability that is not a number',
      ['--party', 'B', '--probability', 'high'],
      2,
      /from 0 to 1/,
    ],
    ['no --party', [], 2, /--party/],
    [
      'a party the agreement lacks',
      ['--party', 'Z'],
      1,
      /the server said BODY_SCHEMA/,
    ],
  ])('%s: exit %i, nothing logged', async (_name, flags, code, message) => {
    const before = await log.size();
    const run = await decide(
      await log.token('commission'),
      '--finding',
      findingId,
      ...flags
    );
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(await log.size()).toBe(before);
  });

  it('an unknown finding is exit 1 NOT_FOUND', async () => {
    const run = await decide(
      await log.token('commission'),
      '--finding',
      '0'.repeat(64),
      '--party',
      'A'
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the server said NOT_FOUND');
  });

  it('a guarantor token is refused: exit 1 FORBIDDEN', async () => {
    const run = await decide(
      await log.token('guarantor', 'FRA'),
      '--finding',
      findingId,
      '--party',
      'A'
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the server said FORBIDDEN');
  });
});

describe('truce pledge move', () => {
  const move = (token: string, ...flags: string[]) =>
    runCli(
      ['pledge', 'move', '--url', url, '--pledge', 'fra-air-defence', ...flags],
      {
        env: { TRUCE_TOKEN: token },
      }
    );

  it("moves its own member's pledge with the token from TRUCE_TOKEN", async () => {
    const run = await move(
      await log.token('guarantor', 'FRA'),
      '--to',
      'approval_pending',
      '--from',
      'pledged',
      '--reason',
      'Conseil de défense asked'
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^pledge fra-air-defence \(FRA\): pledged -> approval_pending at log index \d+/
    );
    expect((await entriesOf('pledge_transition')).at(-1)).toMatchObject({
      pledgeId: 'fra-air-defence',
      to: 'approval_pending',
      reason: 'Conseil de défense asked',
    });
  });

  it.each([
    [
      'another member',
      ['guarantor', 'DEU'],
      ['--to', 'withdrawn'],
      1,
      /MEMBER_FORBIDDEN: .*acts for DEU, not FRA/,
    ],
    [
      'a move the state machine refuses',
      ['admin'],
      ['--to', 'delivered'],
      1,
      /the server said CONFLICT: COALITION_TRANSITION_INVALID/,
    ],
    [
      'a stale --from',
      ['admin'],
      ['--to', 'approved', '--from', 'pledged'],
      1,
      /CONFLICT: COALITION_STATE_MISMATCH/,
    ],
    ['an unknown state', ['admin'], ['--to', 'done'], 2, /--to must be one of/],
  ] as const)(
    '%s: exit %i, nothing logged',
    async (_name, who, flags, code, message) => {
      const before = await log.size();
      const token = await log.token(who[0], who[1]);
      const run = await move(token, ...flags, '--reason', 'test');
      expect(run.code).toBe(code);
      expect(run.stderr).toMatch(message);
      expect(await log.size()).toBe(before);
    }
  );
});

describe('truce webhook', () => {
  const secretFile = (name: string, text: string) => {
    const path = join(files.path, name);
    writeFileSync(path, text);
    return path;
  };
  const webhook = async (...argv: string[]) =>
    runCli([
      'webhook',
      ...argv,
      '--url',
      url,
      '--token',
      await log.token('admin'),
    ]);

  it('add, list, deliveries of a pledge event, remove', async () => {
    const added = await webhook(
      'add',
      '--endpoint',
      receiver.url,
      '--secret-file',
      secretFile('secret', `${SECRET}\n`),
      '--types',
      'pledge,tier'
    );
    expect(added.code).toBe(0);
    const id = added.stdout.trim();
    expect(added.stderr).toContain(`webhook ${id} sends pledge, tier to`);

    const listed = await webhook('list');
    expect(listed.stdout).toMatch(
      new RegExp(`^${id}\\s.*pledge,tier\\s+${receiver.url}`, 'm')
    );

    const moved = await runCli([
      'pledge',
      'move',
      '--url',
      url,
      '--token',
      await log.token('admin'),
      '--pledge',
      'fra-air-defence',
      '--to',
      'withdrawn',
      '--reason',
      'lapsed',
    ]);
    expect(moved.code).toBe(0);
    // The receiver checks the signature with the secret read from the file.
    await vi.waitFor(() => expect(receiver.effects).toHaveLength(1));
    expect(receiver.requests.every((r) => r.verified)).toBe(true);
    await log.services.webhookDispatcher.settled();

    const shown = await webhook('deliveries', id);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(
      new RegExp(
        `^${receiver.effects[0]!.deliveryId}\\s.*pledge\\s+\\d+\\s+delivered\\s+1\\s+\\d{3}\\s+-$`,
        'm'
      )
    );
    const json = await webhook('deliveries', id, '--json', '--limit', '5');
    expect(JSON.parse(json.stdout).deliveries).toHaveLength(1);

    const removed = await webhook('remove', id);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe(`removed webhook ${id}\n`);
    expect(JSON.parse((await webhook('list', '--json')).stdout)).toEqual({
      webhooks: [],
    });
    const again = await webhook('remove', id);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the server said NOT_FOUND');
  });

  it.each([
    [
      'a secret too short',
      () => ['--secret-file', secretFile('short', 'abc\n')],
      /16 to 256/,
    ],
    [
      'a secret file that is not there',
      () => ['--secret-file', join(files.path, 'none')],
      /cannot read .*ENOENT/,
    ],
    [
      'an unknown event type',
      () => [
        '--secret-file',
        secretFile('ok', SECRET),
        '--types',
        'finding,pledges',
      ],
      /unknown event type pledges/,
    ],
  ])(
    'add with %s: exit 2, nothing subscribed',
    async (_name, flags, message) => {
      const run = await webhook('add', '--endpoint', receiver.url, ...flags());
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(log.services.webhooks.webhooks()).toEqual([]);
    }
  );

  it('a guarantor token may not list webhooks: exit 1 FORBIDDEN', async () => {
    const run = await runCli([
      'webhook',
      'list',
      '--url',
      url,
      '--token',
      await log.token('guarantor', 'FRA'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the server said FORBIDDEN');
  });
});
