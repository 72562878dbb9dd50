import { describe, expect, it } from 'vitest';
import {
  ORIGIN,
  addCheckpoint,
  buildTree,
  createTestWitness,
} from './helpers.js';

const A = buildTree({ branch: 'shown-to-A', size: 16, shared: 4 });
const B = buildTree({ branch: 'shown-to-B', size: 16, shared: 4 });

describe("the witness's public reads", () => {
  it.each(['/logs', '/equivocations', '/healthz'])(
    'let any web page read GET %s (CORS)',
    async (url) => {
      const { app } = await createTestWitness();
      const res = await app.inject({
        method: 'GET',
        url,
        headers: { origin: 'https://dashboard.example' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
    }
  );

  it('let a page read the equivocations a fork left', async () => {
    const { app } = await createTestWitness();
    await addCheckpoint(app, A.body(0, 10));
    expect((await addCheckpoint(app, B.body(10, 10))).statusCode).toBe(409);
    const res = await app.inject({ method: 'GET', url: '/equivocations' });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.json()).toMatchObject([{ origin: ORIGIN, refuted: false }]);
  });

  it('do not open add-checkpoint to other origins', async () => {
    const { app } = await createTestWitness();
    const res = await addCheckpoint(app, A.body(0, 10));
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
