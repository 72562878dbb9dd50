import { useState } from 'preact/hooks';
import type { WebConfig } from '../../config.js';
import { loadText } from '../../api/http.js';
import type { Loaded } from '../../api/http.js';
import { checksOf } from './verify-checks.js';
import type { VerifyView } from './verify-checks.js';

type State =
  | { step: 'idle' }
  | { step: 'running'; waiting: boolean }
  | { step: 'unavailable'; message: string }
  | {
      step: 'done';
      view: VerifyView;
      trusted: boolean;
      bytes: number;
      ms: number;
    };

/** Tries this long while the server answers 503 (no covering checkpoint yet). */
const EVIDENCE_WAIT_MS = 15_000;

async function loadEvidence(
  config: WebConfig,
  id: string,
  onWait: () => void
): Promise<Loaded<string>> {
  const deadline = performance.now() + EVIDENCE_WAIT_MS;
  for (;;) {
    const got = await loadText(`${config.apiBase}/v1/findings/${id}/evidence`);
    if (
      got.state !== 'error' ||
      got.status !== 503 ||
      performance.now() > deadline
    )
      return got;
    onWait();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * The Verify button: fetches the finding's evidence file (DESIGN 4.7) and
 * checks it here, in the browser, with @truce/core's verifyEvidence (the
 * code `truce verify evidence` runs), pinning the log key this server
 * publishes at /log/vkey. Each check is listed with its result.
 */
export function VerifyPanel({ config, id }: { config: WebConfig; id: string }) {
  const [state, setState] = useState<State>({ step: 'idle' });

  const run = async () => {
    setState({ step: 'running', waiting: false });
    const [evidence, vkey, core] = await Promise.all([
      loadEvidence(config, id, () =>
        setState({ step: 'running', waiting: true })
      ),
      loadText(`${config.apiBase}/log/vkey`),
      import('@truce/core'),
    ]);
    if (evidence.state !== 'ok') {
      setState({
        step: 'unavailable',
        message:
          evidence.state === 'unavailable'
            ? `The server has no evidence file for this finding (${evidence.message}).`
            : evidence.message,
      });
      return;
    }
    const trust = vkey.state === 'ok' ? [vkey.value.trim()] : undefined;
    const started = performance.now();
    const report = core.verifyEvidence(
      evidence.value,
      trust === undefined ? {} : { trust }
    );
    setState({
      step: 'done',
      view: checksOf(report),
      trusted: trust !== undefined,
      bytes: evidence.value.length,
      ms: performance.now() - started,
    });
  };

  return (
    <section class="verify" aria-labelledby="verify-title">
      <h2 id="verify-title">Verify in this browser</h2>
      <p>
        Checks the evidence file offline with the same code as{' '}
        <code>truce verify evidence</code>: signatures, inclusion proofs, the
        checkpoint, the witness quorum, and a recomputation of the finding.
      </p>
      <button
        type="button"
        class="primary"
        onClick={() => void run()}
        disabled={state.step === 'running'}
      >
        {state.step === 'running' ? 'Verifying…' : 'Verify'}
      </button>
      {state.step === 'running' && state.waiting && (
        <p class="muted">
          Waiting for a checkpoint that covers the finding to be cosigned…
        </p>
      )}
      <div role="status" aria-live="polite" class="verify-result">
        {state.step === 'unavailable' && (
          <p class="notice" data-verify-result="unavailable">
            Not available: {state.message}
          </p>
        )}
        {state.step === 'done' && <Checks {...state} />}
      </div>
    </section>
  );
}

function Checks({
  view,
  trusted,
  bytes,
  ms,
}: {
  view: VerifyView;
  trusted: boolean;
  bytes: number;
  ms: number;
}) {
  const verdict = {
    valid: 'Valid: every check passed.',
    invalid: 'INVALID: the evidence does not hold up.',
    unusable: 'UNUSABLE: the file could not be examined.',
  }[view.verdict];
  return (
    <div data-verify-result={view.verdict}>
      <p class={`verdict verdict-${view.verdict}`}>
        <strong>{verdict}</strong>{' '}
        <span class="muted">
          ({(bytes / 1024).toFixed(0)} KB checked in {ms.toFixed(0)} ms
          {trusted
            ? '; log key pinned to this server’s /log/vkey'
            : '; log key not pinned'}
          )
        </span>
      </p>
      <ul class="checks">
        {view.checks.map((c) => (
          <li
            key={c.id}
            data-check={c.id}
            data-result={c.result}
            class={`check-${c.result}`}
          >
            <span class="check-mark" aria-hidden="true">
              {c.result === 'pass' ? '✔' : c.result === 'fail' ? '✘' : '–'}
            </span>
            <strong>{c.title}</strong>:{' '}
            {c.result === 'not-checked' ? 'not checked' : c.result}
            <ul>
              {c.detail.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
