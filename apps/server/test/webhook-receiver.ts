import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../src/alerts/webhook-signature.js';

/** What the receiver does with one request. */
export type ReceiverMode =
  | 'ok'
  | 'fail-500'
  | 'reset'
  | 'hang'
  /** Acts on the delivery, then answers 500 (a lost acknowledgement). */
  | 'act-then-500';

export type LoopbackReceiver = {
  url: string;
  /** Every request, in arrival order. */
  requests: { deliveryId: string | undefined; verified: boolean }[];
  /** Deliveries acted on, once each: duplicates by delivery id are dropped. */
  effects: { deliveryId: string; body: unknown }[];
  close: () => Promise<void>;
};

/**
 * A webhook receiver on 127.0.0.1 that does what docs/alerts.md tells
 * receivers to do: verify the signature and timestamp, and act on each
 * delivery id once. `modes` scripts its first answers; then it answers 200.
 */
export async function startReceiver(options: {
  secret: string;
  nowSeconds: () => number;
  modes?: ReceiverMode[];
}): Promise<LoopbackReceiver> {
  const modes = [...(options.modes ?? [])];
  const requests: LoopbackReceiver['requests'] = [];
  const effects: LoopbackReceiver['effects'] = [];
  const seen = new Set<string>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const check = verifyWebhook({
        secret: options.secret,
        headers: req.headers,
        body,
        nowSeconds: options.nowSeconds(),
      });
      requests.push({
        deliveryId: check.ok ? check.deliveryId : undefined,
        verified: check.ok,
      });
      if (!check.ok) {
        res.writeHead(401).end();
        return;
      }
      const mode = modes.shift() ?? 'ok';
      if (mode === 'reset') {
        req.socket.destroy();
        return;
      }
      if (mode === 'hang') {
        hanging.add(res);
        return;
      }
      if (mode === 'fail-500') {
        res.writeHead(500).end();
        return;
      }
      if (!seen.has(check.deliveryId)) {
        seen.add(check.deliveryId);
        effects.push({ deliveryId: check.deliveryId, body: JSON.parse(body) });
      }
      res.writeHead(mode === 'act-then-500' ? 500 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    effects,
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
