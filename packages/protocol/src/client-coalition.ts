import {
  coalitionResponseSchema,
  coalitionWriteResponseSchema,
  pledgeTransitionResponseSchema,
} from './coalition.js';
import type {
  CoalitionResponse,
  CoalitionWriteResponse,
  PledgeTransitionRequest,
  PledgeTransitionResponse,
} from './coalition.js';
import type { Transport } from './client-transport.js';

/** The coalition routes (docs/coalition.md). */
export type CoalitionClient = {
  /** `GET /v1/coalition`: members, pledges with state, delivered support. */
  coalition(): Promise<CoalitionResponse>;
  addCoalitionMember(member: unknown): Promise<CoalitionWriteResponse>;
  /** A guarantor token may register only its own member's pledges. */
  registerPledge(pledge: unknown): Promise<CoalitionWriteResponse>;
  /** A guarantor token may move only its own member's pledges. */
  transitionPledge(
    id: string,
    move: PledgeTransitionRequest
  ): Promise<PledgeTransitionResponse>;
};

export function coalitionClient({ json }: Transport): CoalitionClient {
  return {
    coalition: () => json(coalitionResponseSchema, { path: '/v1/coalition' }),
    addCoalitionMember: (member) =>
      json(coalitionWriteResponseSchema, {
        method: 'POST',
        path: '/v1/coalition/members',
        body: member,
        auth: true,
      }),
    registerPledge: (pledge) =>
      json(coalitionWriteResponseSchema, {
        method: 'POST',
        path: '/v1/pledges',
        body: pledge,
        auth: true,
      }),
    transitionPledge: (id, move) =>
      json(pledgeTransitionResponseSchema, {
        method: 'POST',
        path: `/v1/pledges/${encodeURIComponent(id)}/transitions`,
        body: move,
        auth: true,
      }),
  };
}
