// The coalition and response endpoints as the team's contracts give them
// (GET /v1/coalition, /v1/response, /v1/response/plans); every field the
// page reads is optional-tolerant, since another team serves them.

export type CoalitionMember = { iso3: string; name: string; role: string };

export type PledgeTransition = {
  from: string | null;
  to: string;
  actor: string;
  time: string;
  reason: string;
  index: number;
};

export type CoalitionPledge = {
  id: string;
  member: string;
  type: string;
  quantity: number;
  unit: string;
  capability?: string;
  conditions?: string;
  approval?: { procedure?: string; status?: string; leadTimeDays?: number };
  state?: string;
  history?: PledgeTransition[];
  illustrative?: boolean;
};

export type Delivered = {
  iso3: string;
  name: string;
  committedEurBn?: number;
  allocatedEurBn?: number;
  militaryEurBn?: number;
  pctGdp?: number;
};

export type CoalitionAnswer = {
  version?: string;
  members?: CoalitionMember[];
  pledges?: CoalitionPledge[];
  delivered?: Delivered[];
  source?: string | null;
};

export type PlannedPledge = {
  id: string;
  member: string;
  quantity: number;
  unit: string;
  state: string;
  approval: string;
  procedure: string;
  waitDays: number;
  effectiveAt: string;
};

export type ResponsePlan = {
  at: string;
  tier: { id: string; name: string; level: number } | null;
  findingCount?: number;
  awaitingCommission?: string[];
  responses?: {
    type: string;
    pledges: PlannedPledge[];
    effectiveAt: string | null;
  }[];
  uncovered?: string[];
  excluded?: {
    id: string;
    member: string;
    capability: string;
    reason: string;
  }[];
  burden?: { member: string; share: number; burdenToGdp?: number }[];
};

export type ResponseAnswer = {
  at: string;
  tier: { id: string; name: string; level: number } | null;
  plan: ResponsePlan | null;
};

/** GET /v1/response/plans: the plans logged at each tier change, oldest first. */
export type PlansAnswer = {
  plans: { index: number; time: string; plan: ResponsePlan }[];
};
