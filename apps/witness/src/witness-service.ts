import type {
  AddCheckpointRefusalCode,
  AddCheckpointRequest,
  NoteVerifier,
  NoteVerifierOptions,
  SignerKey,
} from '@truce/core';
import {
  CoreError,
  NOTE_KEY_TYPE_COSIGNATURE_V1,
  base64Encode,
  decideAddCheckpoint,
  formatNoteSignature,
  formatVerifierKey,
  noteVerifierFromKey,
  parseAddCheckpointRequest,
  publicKeyFromSeed,
  signCosignature,
} from '@truce/core';
import { createKeyedMutex } from './keyed-mutex.js';
import type { WitnessStore } from './storage/witness-store.js';

/** Who this witness is: its key name and cosignature/v1 verifier key (type 0x04). */
export type WitnessIdentity = { name: string; vkey: string };

export type WitnessServiceDeps = {
  store: WitnessStore;
  key: SignerKey;
  logs: readonly { origin: string; vkey: string }[];
  /** POSIX seconds: the cosignature timestamps. */
  unixSeconds: () => number;
  log: { warn: (obj: object, msg: string) => void };
  noteVerifierOptions?: NoteVerifierOptions;
};

export type AddCheckpointOutcome =
  | { status: 200; cosignatures: string }
  | {
      status: 400 | 403 | 404 | 409 | 422;
      code: AddCheckpointRefusalCode;
      reason: string;
      knownSize?: number;
    };

/** One configured or remembered log, as GET /logs shows it. */
export type LogView = {
  origin: string;
  vkeys: string[];
  size: number;
  /** base64; null until the witness cosigned something. */
  rootHash: string | null;
  timestamp: number | null;
  /** The latest cosigned checkpoint: the log's signature and this witness's cosignature. */
  note: string | null;
};

/** One piece of evidence, as GET /equivocations shows it. */
export type EquivocationView = {
  origin: string;
  kind: 'same-size-different-root' | 'consistency-proof-failed';
  detectedAt: number;
  /** The note cosigned before, and the one refused; both log-signed. */
  notes: [string, string];
  proof?: string[];
  refuted: boolean;
};

export type WitnessService = {
  identity: WitnessIdentity;
  addCheckpoint(body: string | Uint8Array): Promise<AddCheckpointOutcome>;
  listLogs(): LogView[];
  listEquivocations(): EquivocationView[];
};

/**
 * The witness: parses a request, then, one request per log at a time and
 * inside one store transaction, reads the log's state, decides (core),
 * cosigns and records the outcome. The answer leaves only after commit.
 */
export function createWitnessService(deps: WitnessServiceDeps): WitnessService {
  const { store, key, unixSeconds, log } = deps;
  const identity: WitnessIdentity = {
    name: key.name,
    vkey: formatVerifierKey(
      key.name,
      publicKeyFromSeed(key.seed),
      NOTE_KEY_TYPE_COSIGNATURE_V1
    ),
  };
  const verifiers = new Map<string, NoteVerifier[]>();
  const vkeys = new Map<string, string[]>();
  for (const { origin, vkey } of deps.logs) {
    const verifier = noteVerifierFromKey(vkey, deps.noteVerifierOptions);
    verifiers.set(origin, [...(verifiers.get(origin) ?? []), verifier]);
    vkeys.set(origin, [...(vkeys.get(origin) ?? []), vkey]);
  }
  const mutex = createKeyedMutex();

  function decide(request: AddCheckpointRequest): AddCheckpointOutcome {
    const origin = request.checkpoint.origin;
    const outcome = store.transaction((tx) => {
      const now = unixSeconds();
      const decision = decideAddCheckpoint({
        known: tx.latest(origin),
        cosignedAtSize: tx.cosignedAt(origin, request.checkpoint.size),
        request,
        logVerifier: verifiers.get(origin),
        now,
      });
      if (decision.cosign) {
        const cosignature = formatNoteSignature(
          signCosignature({
            body: decision.body,
            name: key.name,
            seed: key.seed,
            timestamp: decision.timestamp,
          })
        );
        tx.recordCosigned({ origin, ...decision.newState, cosignature });
        return { status: 200 as const, cosignatures: cosignature };
      }
      if (decision.equivocation !== undefined) {
        tx.recordEquivocation(decision.equivocation, now);
      }
      return decision;
    });
    if (outcome.status === 200) return outcome;
    if (outcome.equivocation !== undefined) {
      log.warn(
        { origin, kind: outcome.equivocation.kind, code: outcome.code },
        'evidence against the log recorded'
      );
    }
    return {
      status: outcome.status,
      code: outcome.code,
      reason: outcome.reason,
      ...(outcome.knownSize === undefined
        ? {}
        : { knownSize: outcome.knownSize }),
    };
  }

  return {
    identity,
    async addCheckpoint(body) {
      let request: AddCheckpointRequest;
      try {
        request = parseAddCheckpointRequest(body);
      } catch (error) {
        if (!(error instanceof CoreError)) throw error;
        return {
          status: 400,
          code: 'REQUEST_MALFORMED',
          reason: error.message,
        };
      }
      const origin = request.checkpoint.origin;
      // Unknown origins take no lock and no transaction: anyone may send them.
      if (!verifiers.has(origin)) {
        return {
          status: 404,
          code: 'UNKNOWN_LOG',
          reason: `no log with origin ${origin} is configured`,
        };
      }
      // tlog-witness: checking the old size and storing the new checkpoint
      // must be atomic. The transaction makes it so; the lock keeps it so
      // should any step before the commit ever become asynchronous.
      return mutex.run(origin, () => decide(request));
    },
    listLogs() {
      const stored = new Map(store.listLogs().map((s) => [s.origin, s]));
      const origins = [...new Set([...vkeys.keys(), ...stored.keys()])].sort();
      return origins.map((origin): LogView => {
        const state = stored.get(origin);
        return {
          origin,
          vkeys: vkeys.get(origin) ?? [],
          size: state?.size ?? 0,
          rootHash: state === undefined ? null : base64Encode(state.rootHash),
          timestamp: state?.timestamp ?? null,
          note: state === undefined ? null : state.note + state.cosignature,
        };
      });
    },
    listEquivocations() {
      return store.listEquivocations().map((e): EquivocationView => ({
        origin: e.origin,
        kind: e.kind,
        detectedAt: e.detectedAt,
        notes: [e.previousNote, e.newNote],
        ...(e.proof === undefined ? {} : { proof: e.proof.map(base64Encode) }),
        refuted: e.refuted,
      }));
    },
  };
}
