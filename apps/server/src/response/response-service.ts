import type {
  CommissionDecision,
  CommissionDecisionEntry,
  PledgeWithState,
  ResponsePlan,
  ResponsePlanEntry,
} from '@truce/core';
import {
  CoreError,
  decodeLogEntry,
  encodeLogEntry,
  formatRfc3339Micros,
  ladderFindingOf,
  parseRfc3339Micros,
  planResponse,
} from '@truce/core';
import { ApiError } from '../errors.js';
import type { EventBus, TierRef } from '../events/event-bus.js';
import type { AgreementService } from '../findings/agreement-service.js';
import type { WitnessView } from '../findings/finding-view.js';
import { findingFeature, witnessedSize } from '../findings/finding-view.js';
import type { FindingsService } from '../findings/findings-service.js';
import type { LogWriter } from '../log/log-writer.js';
import type { LogStore } from '../storage/store.js';
import { LadderStore } from './ladder-store.js';

/** Who `response_plan` entries name as their actor. */
export const RESPONSE_ACTOR = 'response-planner';

export type LoggedPlan = { index: number; time: string; plan: ResponsePlan };

export type ResponseOptions = {
  store: LogStore;
  writer: LogWriter;
  events: EventBus;
  findings: FindingsService;
  agreements: AgreementService;
  witness: WitnessView;
  clock: () => number;
  /** The coalition's pledges and their states now (the registry's fold). */
  pledges?: () => readonly PledgeWithState[];
  /** Members' GDP in EUR bn, for the burden against GDP. */
  gdp?: () => Readonly<Record<string, number>>;
  /** Re-judge this often as findings age out of windows; 0: never. */
  recheckMs?: number;
  onError?: (error: unknown, context: string) => void;
};

export type DecisionInput = Pick<
  CommissionDecision,
  'attribution' | 'remedy' | 'reason'
>;

const tierRef = (plan: ResponsePlan | undefined): TierRef | null =>
  plan?.tier ?? null;

/**
 * The escalation ladder at work (DESIGN 5). It follows new findings and
 * checkpoints on the event bus, judges the current findings against the
 * ladder in force, and when the tier reached changes it logs the plan as
 * a `response_plan` entry and publishes `tier` and `plan` events. Special
 * Commission decisions are logged here and count from then on. The last
 * logged plan is the tier in force after a restart, so nothing is logged
 * twice.
 */
export class ResponseService {
  readonly ladders: LadderStore;
  readonly #o: ResponseOptions;
  readonly #decisions: CommissionDecision[] = [];
  readonly #plans: LoggedPlan[] = [];
  readonly #unsubscribe: (() => void)[] = [];
  #running: Promise<void> | undefined;
  #again = false;
  // A checkpoint can only change the ladder's view by witnessing a finding
  // entry: one at or past the witnessed size of the last judgement.
  #witnessed = 0;
  #newestFinding = -1;
  #timer: NodeJS.Timeout | undefined;

  private constructor(options: ResponseOptions, ladders: LadderStore) {
    this.#o = options;
    this.ladders = ladders;
  }

  static async open(options: ResponseOptions): Promise<ResponseService> {
    const ladders = await LadderStore.open(options);
    const service = new ResponseService(options, ladders);
    service.#newestFinding = options.findings.ledger.all().at(-1)?.index ?? -1;
    for (const { index, bytes } of await options.store.readEntriesByType([
      'commission_decision',
      'response_plan',
    ])) {
      const entry = decodeLogEntry(bytes) as
        CommissionDecisionEntry | ResponsePlanEntry;
      if (entry.type === 'response_plan') {
        service.#plans.push({ index, time: entry.time, plan: entry.plan });
      } else {
        const { v: _v, type: _t, ...decision } = entry;
        service.#decisions.push(decision);
      }
    }
    service.#unsubscribe.push(
      options.events.subscribe((event) => {
        if (event.type === 'finding') {
          const index = event.data.properties.index;
          service.#newestFinding = Math.max(service.#newestFinding, index);
          service.judgeSoon();
        } else if (event.type === 'checkpoint') {
          if (service.#newestFinding >= service.#witnessed) service.judgeSoon();
        }
      })
    );
    const every = options.recheckMs ?? 60_000;
    if (every > 0) {
      service.#timer = setInterval(() => service.judgeSoon(), every);
      service.#timer.unref();
    }
    service.judgeSoon();
    return service;
  }

  /** Logged plans, oldest first. */
  get plans(): readonly LoggedPlan[] {
    return this.#plans;
  }

  /** Commission decisions in log order. */
  get decisions(): readonly CommissionDecision[] {
    return this.#decisions;
  }

  /** The plan for the findings now, or undefined with no ladder in force. */
  async planNow(): Promise<ResponsePlan | undefined> {
    const active = this.ladders.current;
    if (active === undefined) return undefined;
    const nowMicros = this.#o.clock() * 1000;
    const { ledger } = this.#o.findings;
    const witnessed = await witnessedSize(this.#o.witness);
    this.#witnessed = witnessed;
    const hours = Math.max(
      ...active.ladder.tiers.flatMap((t) =>
        t.conditions.anyOf.map(
          (c) => c.windowHours ?? active.ladder.windowing.defaultWindowHours
        )
      )
    );
    // Findings older than the longest window never count; skip them early.
    const from = nowMicros - hours * 3600e6;
    const findings = ledger
      .all()
      .filter(
        (l) =>
          l.supersededBy === undefined &&
          parseRfc3339Micros(l.finding.properties.time) > from
      )
      .map((l) => ladderFindingOf(findingFeature(ledger, l, witnessed)));
    return planResponse({
      at: formatRfc3339Micros(nowMicros),
      findings,
      decisions: this.#decisions,
      ladder: active.ladder,
      pledges: this.#o.pledges?.() ?? [],
      gdp: this.#o.gdp?.() ?? {},
    });
  }

  /** Logs a new ladder version (see LadderStore.append), then re-judges. */
  async putLadder(raw: unknown, actor: string): Promise<number> {
    const rules = this.#o.agreements.current?.agreement.rules;
    const index = await this.ladders.append(
      raw,
      actor,
      rules?.map((r) => r.id)
    );
    this.judgeSoon();
    return index;
  }

  /**
   * Logs a Commission decision on a logged finding and waits until it is
   * durable. Throws ApiError NOT_FOUND for an unknown finding and
   * BODY_SCHEMA for a party the agreement does not name.
   */
  async decide(
    findingId: string,
    input: DecisionInput,
    actor: string
  ): Promise<{ index: number; decision: CommissionDecision }> {
    if (!this.#o.findings.ledger.has(findingId)) {
      throw new ApiError('NOT_FOUND', `no finding ${findingId}`);
    }
    const party = input.attribution.party;
    const parties = this.#o.agreements.current?.agreement.parties;
    if (party !== null && parties !== undefined) {
      if (!parties.some((p) => p.id === party)) {
        throw new ApiError(
          'BODY_SCHEMA',
          `the agreement has no party ${party}`
        );
      }
    }
    const decision: CommissionDecision = {
      findingId,
      attribution: input.attribution,
      remedy: input.remedy,
      reason: input.reason,
      actor,
      time: formatRfc3339Micros(this.#o.clock() * 1000),
    };
    let bytes: Uint8Array;
    try {
      bytes = encodeLogEntry({
        ...decision,
        v: 1,
        type: 'commission_decision',
      });
    } catch (error) {
      if (error instanceof CoreError) {
        throw new ApiError('BODY_SCHEMA', error.message, { cause: error });
      }
      throw error;
    }
    const { firstIndex, durable } = this.#o.writer.enqueue([
      { bytes, type: 'commission_decision' },
    ]);
    this.#decisions.push(decision);
    await durable;
    this.judgeSoon();
    return { index: firstIndex, decision };
  }

  /** Re-judges the findings soon; runs coalesce, one at a time. */
  judgeSoon(): void {
    if (this.#running !== undefined) {
      this.#again = true;
      return;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
    });
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      try {
        await this.#judge();
      } catch (error) {
        this.#o.onError?.(error, 'response: judging the ladder failed');
      }
    } while (this.#again);
  }

  async #judge(): Promise<void> {
    const plan = await this.planNow();
    if (plan === undefined) return;
    const last = this.#plans.at(-1)?.plan;
    if ((last?.tier?.id ?? null) === (plan.tier?.id ?? null)) return;
    // The first plan under no tier is no change worth a log entry.
    if (last === undefined && plan.tier === null) return;
    const time = formatRfc3339Micros(this.#o.clock() * 1000);
    const bytes = encodeLogEntry({
      v: 1,
      type: 'response_plan',
      time,
      actor: RESPONSE_ACTOR,
      plan,
    });
    const { firstIndex, durable } = this.#o.writer.enqueue([
      { bytes, type: 'response_plan' },
    ]);
    this.#plans.push({ index: firstIndex, time, plan });
    await durable;
    this.#o.events.publish({
      type: 'tier',
      data: { at: plan.at, from: tierRef(last), to: tierRef(plan) },
    });
    this.#o.events.publish({ type: 'plan', data: plan });
  }

  /** Resolves once no judging is in flight. */
  async settled(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  /** Stops following events and waits for the run in flight. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await this.settled();
  }
}
