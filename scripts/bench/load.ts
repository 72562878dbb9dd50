import { Agent, request } from 'node:http';

export type LoadResult = {
  requests: number;
  envelopes: number;
  accepted: number;
  /** Rejections by code (per envelope, or per request for whole-request errors). */
  rejected: Record<string, number>;
  /** Acknowledgement latency of each request, in milliseconds. */
  latenciesMs: Float64Array;
  seconds: number;
  /** The load stopped at the duration limit before every body was sent. */
  truncated: boolean;
};

type Response = { status: number; body: string };

/** POSTs a JSON body on a keep-alive agent; resolves with status and body. */
export function post(agent: Agent, url: URL, body: Buffer): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          })
        );
        res.on('error', reject);
      }
    );
    req.on('error', reject);
    req.end(body);
  });
}

type Results = {
  results?: { status: string; code?: string }[];
  code?: string;
};

/**
 * Drives the server with one keep-alive connection per poster, each poster
 * sending its bodies one after another, until all are sent or `deadline`
 * (a performance.now() time) passes.
 */
export async function runLoad(options: {
  url: string;
  bodies: Buffer[][];
  envelopes: number[][];
  deadline: number;
  onProgress: (accepted: number) => void;
}): Promise<LoadResult> {
  const url = new URL('/v1/observations', options.url);
  const posters = options.bodies.length;
  const agent = new Agent({ keepAlive: true, maxSockets: posters });
  const totalRequests = options.bodies.reduce((n, b) => n + b.length, 0);
  const latencies = new Float64Array(totalRequests);
  const rejected: Record<string, number> = {};
  const reject = (code: string, n: number) => {
    rejected[code] = (rejected[code] ?? 0) + n;
  };
  let requests = 0;
  let envelopes = 0;
  let accepted = 0;
  let truncated = false;

  const poster = async (p: number) => {
    const bodies = options.bodies[p]!;
    for (let i = 0; i < bodies.length; i++) {
      if (performance.now() > options.deadline) {
        truncated = true;
        return;
      }
      const sent = options.envelopes[p]![i]!;
      const t0 = performance.now();
      let res: Response;
      try {
        res = await post(agent, url, bodies[i]!);
      } catch (error) {
        reject(`network: ${(error as Error).message}`, sent);
        continue;
      }
      latencies[requests++] = performance.now() - t0;
      envelopes += sent;
      let parsed: Results = {};
      try {
        parsed = JSON.parse(res.body) as Results;
      } catch {
        // Counted below as a whole-request error.
      }
      if (res.status !== 200 || parsed.results === undefined) {
        reject(`HTTP ${res.status} ${parsed.code ?? ''}`.trim(), sent);
        continue;
      }
      for (const r of parsed.results) {
        if (r.status === 'accepted') accepted++;
        else reject(r.code ?? 'UNKNOWN', 1);
      }
      options.onProgress(accepted);
    }
  };

  const t0 = performance.now();
  await Promise.all(Array.from({ length: posters }, (_, p) => poster(p)));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return {
    requests,
    envelopes,
    accepted,
    rejected,
    latenciesMs: latencies.subarray(0, requests),
    seconds,
    truncated,
  };
}
