import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers each delivery carries (docs/alerts.md says how to verify). */
export const WEBHOOK_HEADERS = {
  delivery: 'truce-delivery',
  event: 'truce-event',
  timestamp: 'truce-timestamp',
  signature: 'truce-signature',
} as const;

/**
 * `v1=` and the hex HMAC-SHA256 (RFC 2104, FIPS 180-4) under the
 * subscription's secret of `${deliveryId}.${timestamp}.${body}`. Signing
 * the delivery id and the time with the body stops a captured request
 * from being replayed later or under another id.
 */
export function signWebhook(input: {
  secret: string;
  deliveryId: string;
  timestamp: number;
  body: string;
}): string {
  const mac = createHmac('sha256', input.secret)
    .update(`${input.deliveryId}.${input.timestamp}.${input.body}`, 'utf8')
    .digest('hex');
  return `v1=${mac}`;
}

export type WebhookCheck =
  | { ok: true; deliveryId: string }
  | {
      ok: false;
      reason: 'missing-header' | 'stale-timestamp' | 'bad-signature';
    };

/**
 * What a receiver does with a delivery: recompute the signature, compare
 * in constant time, and refuse timestamps outside the replay window. Kept
 * here so the tests' receiver and the docs' recipe are the same code.
 */
export function verifyWebhook(input: {
  secret: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  nowSeconds: number;
  /** Largest accepted clock difference either way (default 300 s). */
  toleranceSeconds?: number;
}): WebhookCheck {
  const header = (name: string) => {
    const value = input.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const deliveryId = header(WEBHOOK_HEADERS.delivery);
  const timestamp = header(WEBHOOK_HEADERS.timestamp);
  const signature = header(WEBHOOK_HEADERS.signature);
  if (
    deliveryId === undefined ||
    timestamp === undefined ||
    signature === undefined ||
    !/^\d{1,12}$/.test(timestamp)
  ) {
    return { ok: false, reason: 'missing-header' };
  }
  const ts = Number(timestamp);
  if (Math.abs(input.nowSeconds - ts) > (input.toleranceSeconds ?? 300)) {
    return { ok: false, reason: 'stale-timestamp' };
  }
  const want = Buffer.from(
    signWebhook({
      secret: input.secret,
      deliveryId,
      timestamp: ts,
      body: input.body,
    })
  );
  // Several "v1=" values may be sent while a secret is rotated.
  const good = signature
    .split(',')
    .map((s) => Buffer.from(s.trim()))
    .some((got) => got.length === want.length && timingSafeEqual(got, want));
  return good
    ? { ok: true, deliveryId }
    : { ok: false, reason: 'bad-signature' };
}
