import type { TestLog } from './helpers.js';

// Shared by the coalition HTTP tests: a request helper, a member, a pledge.

/** Sends one request to the app, with a bearer token when given. */
export async function call(
  log: TestLog,
  method: 'POST' | 'GET',
  url: string,
  body?: unknown,
  token?: string
) {
  return log.app.inject({
    method,
    url,
    ...(body === undefined ? {} : { payload: body as object }),
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}

export const FRANCE = { iso3: 'FRA', name: 'France', role: 'co_lead' };

/** An illustrative French air-defence pledge. */
export const pledge = (id = 'fra-air-defence', member = 'FRA') => ({
  id,
  member,
  type: 'air_defence',
  quantity: 2,
  unit: 'SAMP/T batteries',
  conditions: 'west of the Dnipro',
  capability: 'air_defence',
  approval: {
    procedure: 'cabinet_decision',
    status: 'pending',
    leadTimeDays: 14,
  },
  illustrative: true,
});

/** France and its pledge, logged with an admin token (indices 0 and 1). */
export async function seed(log: TestLog): Promise<void> {
  const admin = await log.token('admin');
  const member = await call(
    log,
    'POST',
    '/v1/coalition/members',
    FRANCE,
    admin
  );
  const registered = await call(log, 'POST', '/v1/pledges', pledge(), admin);
  if (member.statusCode !== 201 || registered.statusCode !== 201) {
    throw new Error(`seed refused: ${member.body} ${registered.body}`);
  }
}
