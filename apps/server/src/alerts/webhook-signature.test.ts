import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  WEBHOOK_HEADERS,
  signWebhook,
  verifyWebhook,
} from './webhook-signature.js';

const secret = 'whsec_0123456789abcdef';
const body = '{"id":"dlv_1","type":"tier","data":{}}';
const ts = 1_796_000_000;

function headers(over: Record<string, string> = {}): Record<string, string> {
  return {
    [WEBHOOK_HEADERS.delivery]: 'dlv_1',
    [WEBHOOK_HEADERS.timestamp]: String(ts),
    [WEBHOOK_HEADERS.signature]: signWebhook({
      secret,
      deliveryId: 'dlv_1',
      timestamp: ts,
      body,
    }),
    ...over,
  };
}

describe('signWebhook', () => {
  it('is v1= and the hex HMAC-SHA256 of id.timestamp.body', () => {
    const want = createHmac('sha256', secret)
      .update(`dlv_1.${ts}.${body}`)
      .digest('hex');
    expect(
      signWebhook({ secret, deliveryId: 'dlv_1', timestamp: ts, body })
    ).toBe(`v1=${want}`);
  });
});

describe('verifyWebhook', () => {
  const check = (
    h: Record<string, string>,
    over: { body?: string; now?: number; secret?: string } = {}
  ) =>
    verifyWebhook({
      secret: over.secret ?? secret,
      headers: h,
      body: over.body ?? body,
      nowSeconds: over.now ?? ts + 10,
    });

  it('accepts a genuine delivery', () => {
    expect(check(headers())).toEqual({ ok: true, deliveryId: 'dlv_1' });
  });

  it('accepts any one good value among several (secret rotation)', () => {
    const h = headers();
    h[WEBHOOK_HEADERS.signature] =
      `v1=${'0'.repeat(64)}, ${h[WEBHOOK_HEADERS.signature]}`;
    expect(check(h).ok).toBe(true);
  });

  it.each([
    ['a changed body', {}, { body: body.replace('tier', 'plan') }],
    ['another secret', {}, { secret: 'whsec_other_secret_value' }],
    ['another delivery id', { [WEBHOOK_HEADERS.delivery]: 'dlv_2' }, {}],
    ['a truncated signature', { [WEBHOOK_HEADERS.signature]: 'v1=abcd' }, {}],
  ])('refuses %s as bad-signature', (_what, h, over) => {
    expect(check(headers(h), over)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a timestamp outside the replay window', () => {
    expect(check(headers(), { now: ts + 301 })).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
    expect(check(headers(), { now: ts - 301 })).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
  });

  it('refuses missing or malformed headers', () => {
    const h = headers();
    delete h[WEBHOOK_HEADERS.signature];
    expect(check(h)).toEqual({ ok: false, reason: 'missing-header' });
    expect(check(headers({ [WEBHOOK_HEADERS.timestamp]: '12e5' }))).toEqual({
      ok: false,
      reason: 'missing-header',
    });
  });
});
