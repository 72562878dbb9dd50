import type { NoteSignature } from '@truce/core';
import {
  CoreError,
  consistencyProof,
  cosignatureVerifier,
  formatAddCheckpointRequest,
  formatNoteSignature,
  openNote,
  parseNote,
} from '@truce/core';
import { withStoredNodes } from '../log/node-reader.js';
import type { Sequencer } from '../log/sequencer.js';
import type { LogStore, StoredCheckpoint } from '../storage/store.js';

/** A witness the log asks for cosignatures (from a policy `witness` line). */
export type WitnessEndpoint = { name: string; vkey: string; url: string };

export type CosignerOptions = {
  store: LogStore;
  sequencer: Sequencer;
  witnesses: readonly WitnessEndpoint[];
  fetch: typeof fetch;
  /** Per request. */
  timeoutMs?: number;
  /** Attempts per checkpoint before waiting for the next one. */
  attempts?: number;
  /** Delay before retry k (1-based): backoffMs * 2^(k-1). */
  backoffMs?: number;
  onError?: (error: unknown, context: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds since the Unix epoch, for the status report. */
  clock?: () => number;
};

export type WitnessStatus = {
  name: string;
  url: string;
  /** The largest size this witness has cosigned (0: none yet). */
  cosignedSize: number;
  lastError?: string;
  lastAttemptAtMs?: number;
};

class WitnessRefusal extends Error {
  readonly status: number;
  readonly body: string;

  constructor(status: number, body: string) {
    super(`witness answered ${status}: ${body.slice(0, 200)}`);
    this.status = status;
    this.body = body;
  }
}

/**
 * Gathers witness cosignatures for the log's checkpoints (C2SP tlog-witness
 * §add-checkpoint). Each witness is driven independently: one request in
 * flight at a time, always for the newest checkpoint, with the consistency
 * proof from the size that witness last cosigned. A slow or dead witness
 * delays nothing but its own cosignatures.
 */
export class Cosigner {
  readonly #o: Required<Omit<CosignerOptions, 'onError'>> &
    Pick<CosignerOptions, 'onError'>;
  readonly #state = new Map<
    string,
    WitnessStatus & { busy: boolean; again: boolean }
  >();
  readonly #listeners = new Set<(size: number) => void>();
  #stopped = false;
  readonly #inflight = new Set<Promise<void>>();

  private constructor(options: CosignerOptions, cosigned: Map<string, number>) {
    this.#o = {
      timeoutMs: 5000,
      attempts: 3,
      backoffMs: 200,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      clock: () => Date.now(),
      ...options,
    };
    for (const w of options.witnesses) {
      this.#state.set(w.name, {
        name: w.name,
        url: w.url,
        cosignedSize: cosigned.get(w.name) ?? 0,
        busy: false,
        again: false,
      });
    }
  }

  static async open(options: CosignerOptions): Promise<Cosigner> {
    const cosigner = new Cosigner(
      options,
      await options.store.cosignedSizeByWitness()
    );
    options.sequencer.onCheckpoint(() => cosigner.poke());
    return cosigner;
  }

  /** Called with the size whenever a new cosignature is stored. */
  onCosignature(listener: (size: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  status(): WitnessStatus[] {
    return [...this.#state.values()].map(
      ({ busy: _b, again: _a, ...status }) => status
    );
  }

  /** Asks every witness that is behind to cosign the newest checkpoint. */
  poke(): void {
    if (this.#stopped) return;
    for (const witness of this.#o.witnesses) {
      const state = this.#state.get(witness.name)!;
      if (state.busy) {
        state.again = true;
        continue;
      }
      const run = this.#drive(witness).finally(() =>
        this.#inflight.delete(run)
      );
      this.#inflight.add(run);
    }
  }

  /** Waits for every request in flight (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.all([...this.#inflight]);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.settle();
  }

  async #drive(witness: WitnessEndpoint): Promise<void> {
    const state = this.#state.get(witness.name)!;
    state.busy = true;
    try {
      do {
        state.again = false;
        const latest = this.#o.sequencer.latest;
        if (latest === undefined || latest.size <= state.cosignedSize) break;
        await this.#cosignWithRetries(witness, latest);
      } while (state.again && !this.#stopped);
    } finally {
      state.busy = false;
    }
  }

  async #cosignWithRetries(
    witness: WitnessEndpoint,
    checkpoint: StoredCheckpoint
  ): Promise<void> {
    const state = this.#state.get(witness.name)!;
    for (let attempt = 1; attempt <= this.#o.attempts; attempt++) {
      if (this.#stopped) return;
      state.lastAttemptAtMs = this.#o.clock();
      try {
        await this.#cosign(witness, checkpoint);
        delete state.lastError;
        return;
      } catch (error) {
        state.lastError =
          error instanceof Error ? error.message : String(error);
        if (error instanceof WitnessRefusal && error.status === 409) {
          // The witness knows another size (C2SP tlog-witness: the body is
          // its latest size); start over from there at once.
          const known = Number(error.body.trim());
          if (Number.isSafeInteger(known) && known >= 0) {
            state.cosignedSize = Math.min(known, checkpoint.size);
            if (known >= checkpoint.size) return;
            continue;
          }
        }
        this.#o.onError?.(error, `witness ${witness.name}`);
        if (attempt < this.#o.attempts) {
          await this.#o.sleep(this.#o.backoffMs * 2 ** (attempt - 1));
        }
      }
    }
  }

  async #cosign(
    witness: WitnessEndpoint,
    checkpoint: StoredCheckpoint
  ): Promise<void> {
    const state = this.#state.get(witness.name)!;
    const oldSize = state.cosignedSize;
    const proof =
      oldSize === 0 || oldSize === checkpoint.size
        ? []
        : await withStoredNodes(this.#o.store, (reader) =>
            consistencyProof(oldSize, checkpoint.size, reader)
          );
    const body = formatAddCheckpointRequest({
      oldSize,
      proof,
      note: checkpoint.note,
    });
    const response = await this.#o.fetch(
      new URL('add-checkpoint', withSlash(witness.url)),
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(this.#o.timeoutMs),
      }
    );
    const text = await response.text();
    if (response.status !== 200)
      throw new WitnessRefusal(response.status, text);
    const line = verifiedCosignature(witness, checkpoint, text);
    await this.#o.store.addCosignature(checkpoint.size, witness.name, line);
    state.cosignedSize = checkpoint.size;
    for (const listener of this.#listeners) listener(checkpoint.size);
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Checks the witness's answer: at least one cosignature line by the
 * witness's key over this checkpoint's body. A witness that answers 200
 * with a bad signature is treated like one that did not answer.
 */
function verifiedCosignature(
  witness: WitnessEndpoint,
  checkpoint: StoredCheckpoint,
  responseBody: string
): string {
  const verifier = cosignatureVerifier(witness.vkey);
  const body = parseNote(checkpoint.note).text;
  let found: NoteSignature | undefined;
  try {
    // The answer is signature lines only: read them as the note's.
    found = openNote(`${body}\n${responseBody}`, [verifier]).verified[0];
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
  }
  if (found === undefined) {
    throw new Error(`witness ${witness.name} sent no valid cosignature`);
  }
  return formatNoteSignature(found).trimEnd();
}
