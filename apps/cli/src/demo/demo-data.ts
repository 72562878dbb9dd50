import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FetchLike } from '@truce/protocol';
import { CliError } from '../errors.js';

/** The repository's data folder: the demo agreement, coalition and ladder. */
export const DEMO_DATA_DIR = fileURLToPath(
  new URL('../../../../data/', import.meta.url)
);

export const DEMO_AGREEMENT_FILE = `${DEMO_DATA_DIR}agreement-minsk2-demo.json`;
export const DEMO_COALITION_FILE = `${DEMO_DATA_DIR}coalition-demo.json`;
export const DEMO_LADDER_FILE = `${DEMO_DATA_DIR}ladder-minsk2-demo.json`;

/** An admin's JSON calls to the demo's own server. */
export type DemoApi = {
  get(path: string): Promise<{ status: number; body: unknown }>;
  send(
    method: 'POST' | 'PUT',
    path: string,
    body: unknown
  ): Promise<{ status: number; body: unknown }>;
};

export function createDemoApi(
  baseUrl: string,
  token: string,
  fetchLike: FetchLike = fetch
): DemoApi {
  const call = async (path: string, init: RequestInit) => {
    const response = await fetchLike(`${baseUrl}${path}`, init);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  };
  return {
    get: (path) => call(path, { headers: { accept: 'application/json' } }),
    send: (method, path, body) =>
      call(path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      }),
  };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new CliError(
      'INPUT_UNUSABLE',
      `cannot read ${path} as JSON: ${(error as Error).message}`,
      { cause: error }
    );
  }
}

function failed(what: string, answer: { status: number; body: unknown }) {
  const { code, message } = (answer.body ?? {}) as Record<string, unknown>;
  return new CliError(
    'FAILED',
    `${what}: ${answer.status} ${String(code ?? '')} ${String(message ?? '')}`.trim()
  );
}

/**
 * The agreement in force: the server's, or, when none is logged yet,
 * `file` (default the Minsk II demo agreement) posted now.
 */
export async function ensureAgreement(
  api: DemoApi,
  file = DEMO_AGREEMENT_FILE
): Promise<{ agreement: unknown; posted: boolean }> {
  const current = await api.get('/v1/agreements/current');
  if (current.status === 200) {
    return {
      agreement: (current.body as { agreement: unknown }).agreement,
      posted: false,
    };
  }
  const agreement = readJson(file);
  const posted = await api.send('POST', '/v1/agreements', agreement);
  if (posted.status !== 201) throw failed(`posting ${file}`, posted);
  return { agreement, posted: true };
}

/** What loading a piece of demo data came to, as one line for the console. */
export type LoadOutcome = { loaded: boolean; line: string };

/** Puts the demo ladder in place unless the server has one (PUT /v1/ladder). */
export async function ensureLadder(
  api: DemoApi,
  file = DEMO_LADDER_FILE
): Promise<LoadOutcome> {
  if ((await api.get('/v1/ladder')).status === 200) {
    return { loaded: false, line: 'ladder: the server has one' };
  }
  if (!existsSync(file)) {
    return { loaded: false, line: `ladder: ${file} not there yet; skipped` };
  }
  const put = await api.send('PUT', '/v1/ladder', readJson(file));
  if (put.status === 404) {
    return {
      loaded: false,
      line: 'ladder: this server has no PUT /v1/ladder yet; skipped',
    };
  }
  if (put.status >= 300) throw failed(`putting ${file}`, put);
  return { loaded: true, line: `ladder: loaded ${file}` };
}

type CoalitionFile = { members?: unknown[]; pledges?: unknown[] };

/**
 * Loads the demo coalition (members, then pledges) unless the server has
 * members already.
 */
export async function ensureCoalition(
  api: DemoApi,
  file = DEMO_COALITION_FILE
): Promise<LoadOutcome> {
  const current = await api.get('/v1/coalition');
  if (current.status === 404) {
    return {
      loaded: false,
      line: 'coalition: this server has no /v1/coalition yet; skipped',
    };
  }
  const members = (current.body as CoalitionFile | undefined)?.members ?? [];
  if (members.length > 0) {
    return {
      loaded: false,
      line: `coalition: the server has ${members.length} members`,
    };
  }
  if (!existsSync(file)) {
    return { loaded: false, line: `coalition: ${file} not there yet; skipped` };
  }
  const data = readJson(file) as CoalitionFile;
  for (const member of data.members ?? []) {
    const answer = await api.send('POST', '/v1/coalition/members', member);
    if (answer.status >= 300) throw failed('adding a coalition member', answer);
  }
  for (const pledge of data.pledges ?? []) {
    const answer = await api.send('POST', '/v1/pledges', pledge);
    if (answer.status >= 300) throw failed('adding a pledge', answer);
  }
  return {
    loaded: true,
    line: `coalition: loaded ${data.members?.length ?? 0} members and ${data.pledges?.length ?? 0} pledges from ${file}`,
  };
}
