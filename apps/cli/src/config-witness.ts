import { CoreError, parseVerifierKey } from '@truce/core';
import type { CommandConfig } from './config.js';
import { usageError } from './errors.js';

// The witness's flags beside config.ts: one log per --log, written as one
// value or two words, and the witness app's own config object.

/** One log a witness cosigns: `ORIGIN VKEY`, or `VKEY` whose name is the origin. */
export type WitnessLog = { origin: string; vkey: string };

export function witnessLog(value: string, name: string): WitnessLog {
  const words = value.trim().split(/\s+/);
  const vkey = words[words.length - 1]!;
  if (words.length > 2) usageError(`--${name} takes ORIGIN VKEY or VKEY`);
  let key;
  try {
    key = parseVerifierKey(vkey);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    usageError(`--${name} ${vkey} is not a verifier key: ${error.message}`);
  }
  // c2sp.org/tlog-checkpoint: a log's key is named for its origin.
  const origin = words.length === 2 ? words[0]! : key.name;
  if (origin !== key.name) {
    usageError(`--${name}: the key ${vkey} is not named ${origin}`);
  }
  return { origin, vkey };
}

/**
 * `--log ORIGIN VKEY` spells one value in two words; joins them into one
 * (`ORIGIN VKEY`) so the parser sees one value per flag. An origin never
 * holds a "+" and a vkey always does, which tells the two spellings apart.
 */
export function joinLogPairs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const inline = arg.startsWith('--log=')
      ? arg.slice('--log='.length)
      : undefined;
    const value = inline ?? (arg === '--log' ? argv[i + 1] : undefined);
    const next = argv[inline === undefined ? i + 2 : i + 1];
    const paired =
      value !== undefined &&
      !value.includes('+') &&
      next !== undefined &&
      next.includes('+') &&
      !next.startsWith('-');
    if (!paired) {
      out.push(arg);
      continue;
    }
    out.push(`--log=${value} ${next}`);
    i += inline === undefined ? 2 : 1;
  }
  return out;
}

/** The witness's own config object from `witness serve` flags; it checks them. */
export function witnessConfigInput(
  config: CommandConfig<'witness serve'>
): Record<string, unknown> {
  if (config.log.length === 0) {
    usageError('give at least one --log ORIGIN VKEY');
  }
  const input: Record<string, unknown> = {
    dataDir: config.data,
    keyFile: config.key,
    logs: config.log.map((log) => ({ ...log })),
    port: config.port,
    host: config.host,
    logLevel: config.logLevel,
    bodyLimitBytes: config.bodyLimitBytes,
  };
  return Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== undefined)
  );
}
