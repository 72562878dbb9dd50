import { useEffect, useState } from 'preact/hooks';
import type { AppContext } from '../../api/context.js';
import { loadJson, loadText } from '../../api/http.js';
import type { Loaded } from '../../api/http.js';
import { Unavailable } from '../../ui/unavailable.js';
import { readCheckpointNote } from './checkpoint-note.js';

type Witness = {
  name: string;
  url: string;
  cosignedSize: number;
  lastError?: string;
  lastAttemptAtMs?: number;
};
type Equivocation = {
  origin: string;
  kind: string;
  detectedAt: number;
  refuted: boolean;
};
/** POSIX seconds (what a witness records) as `2026-11-26 11:40 UTC`. */
function formatUnixSeconds(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

type EquivocationsByWitness = { name: string; got: Loaded<Equivocation[]> };

/**
 * The log: the latest checkpoint and who cosigned it, each witness's
 * progress, and the equivocations each witness holds as proof (read from
 * the witness itself, where the browser may reach it).
 */
export function LogPage({
  ctx,
  checkpointVersion,
}: {
  ctx: AppContext;
  checkpointVersion: number;
}) {
  const api = ctx.config.apiBase;
  const [note, setNote] = useState<Loaded<string>>();
  const [vkey, setVkey] = useState<Loaded<string>>();
  const [witnesses, setWitnesses] =
    useState<Loaded<{ witnesses: Witness[] }>>();
  const [equivocations, setEquivocations] = useState<EquivocationsByWitness[]>(
    []
  );

  useEffect(() => {
    void loadText(`${api}/log/checkpoint`).then(setNote);
    void loadJson<{ witnesses: Witness[] }>(`${api}/v1/witnesses`).then(
      setWitnesses
    );
  }, [api, checkpointVersion]);
  useEffect(() => {
    void loadText(`${api}/log/vkey`).then(setVkey);
  }, [api]);
  useEffect(() => {
    if (witnesses?.state !== 'ok') return;
    void Promise.all(
      witnesses.value.witnesses.map(async (w) => ({
        name: w.name,
        got: await loadJson<Equivocation[]>(
          `${w.url.replace(/\/+$/, '')}/equivocations`
        ),
      }))
    ).then(setEquivocations);
  }, [witnesses]);

  const checkpoint =
    note?.state === 'ok' ? readCheckpointNote(note.value) : undefined;
  return (
    <div class="log-page">
      <h1>Transparency log</h1>
      <section aria-labelledby="checkpoint-title">
        <h2 id="checkpoint-title">Latest checkpoint</h2>
        {note === undefined ? (
          <p role="status">Loading…</p>
        ) : note.state !== 'ok' ? (
          <Unavailable
            what="The checkpoint (GET /log/checkpoint)"
            loaded={note}
          />
        ) : checkpoint === undefined ? (
          <p class="notice">The checkpoint does not parse as a signed note.</p>
        ) : (
          <dl
            class="facts"
            data-testid="checkpoint"
            data-size={checkpoint.size}
          >
            <dt>Origin</dt>
            <dd>{checkpoint.origin}</dd>
            <dt>Tree size</dt>
            <dd>{checkpoint.size.toLocaleString('en')} entries</dd>
            <dt>Root hash</dt>
            <dd>
              <code>{checkpoint.rootHash}</code>
            </dd>
            <dt>Log key</dt>
            <dd>
              <code class="wrap">
                {vkey?.state === 'ok' ? vkey.value.trim() : '—'}
              </code>
            </dd>
            <dt>Signatures</dt>
            <dd>
              <ul>
                {checkpoint.signatures.map((s) => (
                  <li key={`${s.name} ${s.keyId}`}>
                    {s.name} <span class="muted">key ID {s.keyId}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
        )}
      </section>
      <section aria-labelledby="witnesses-title">
        <h2 id="witnesses-title">Witnesses</h2>
        {witnesses === undefined ? (
          <p role="status">Loading…</p>
        ) : witnesses.state !== 'ok' ? (
          <Unavailable
            what="The witness list (GET /v1/witnesses)"
            loaded={witnesses}
          />
        ) : witnesses.value.witnesses.length === 0 ? (
          <p>This log asks no witness to cosign (no policy file).</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Witness</th>
                <th scope="col">Cosigned up to</th>
                <th scope="col">Has cosigned the checkpoint shown</th>
                <th scope="col">Last problem</th>
                <th scope="col">Equivocations held</th>
              </tr>
            </thead>
            <tbody>
              {witnesses.value.witnesses.map((w) => {
                const eq = equivocations.find((e) => e.name === w.name)?.got;
                return (
                  <tr key={w.name} data-witness={w.name}>
                    <td>
                      {w.name} <span class="muted">{w.url}</span>
                    </td>
                    <td>{w.cosignedSize}</td>
                    <td>
                      {checkpoint === undefined
                        ? '—'
                        : w.cosignedSize >= checkpoint.size
                          ? 'yes'
                          : `not yet (${checkpoint.size - w.cosignedSize} behind)`}
                    </td>
                    <td>{w.lastError ?? '—'}</td>
                    <td
                      data-equivocations={
                        eq === undefined
                          ? 'loading'
                          : eq.state === 'ok'
                            ? eq.value.length
                            : 'unreachable'
                      }
                    >
                      {eq === undefined ? (
                        '…'
                      ) : eq.state !== 'ok' ? (
                        'not reachable from this browser'
                      ) : eq.value.length === 0 ? (
                        'none'
                      ) : (
                        <ul>
                          {eq.value.map((e) => (
                            <li key={`${e.origin} ${e.detectedAt} ${e.kind}`}>
                              <strong>{e.kind}</strong> on {e.origin}, detected{' '}
                              {formatUnixSeconds(e.detectedAt)}
                              {e.refuted ? ' (refuted)' : ''}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
