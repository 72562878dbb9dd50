import type { Transport } from './client-transport.js';
import {
  currentResponseSchema,
  decisionResponseSchema,
  ladderResponseSchema,
  responsePlansResponseSchema,
} from './response.js';
import type {
  CurrentResponse,
  DecisionRequest,
  DecisionResponse,
  LadderResponse,
  ResponsePlansResponse,
} from './response.js';

/** The escalation ladder and response routes (docs/response.md). */
export type ResponseClient = {
  /** `GET /v1/ladder`: the ladder in force; ClientError NOT_FOUND before one. */
  ladder(): Promise<LadderResponse>;
  /** `GET /v1/response`: the tier reached now and its plan. */
  currentResponse(): Promise<CurrentResponse>;
  /** `GET /v1/response/plans`: the plans logged at each tier change. */
  responsePlans(): Promise<ResponsePlansResponse>;
  /** `POST /v1/findings/{id}/decision` (commission or admin token). */
  decide(
    findingId: string,
    decision: DecisionRequest
  ): Promise<DecisionResponse>;
};

export function responseClient({ json }: Transport): ResponseClient {
  return {
    ladder: () => json(ladderResponseSchema, { path: '/v1/ladder' }),
    currentResponse: () =>
      json(currentResponseSchema, { path: '/v1/response' }),
    responsePlans: () =>
      json(responsePlansResponseSchema, { path: '/v1/response/plans' }),
    decide: (findingId, decision) =>
      json(decisionResponseSchema, {
        method: 'POST',
        path: `/v1/findings/${encodeURIComponent(findingId)}/decision`,
        body: decision,
        auth: true,
      }),
  };
}
