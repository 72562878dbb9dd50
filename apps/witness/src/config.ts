import { z } from 'zod';
import { CoreError, noteVerifierFromKey } from '@truce/core';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().min(1);

/** One log this witness cosigns: its origin line and the note vkey it signs checkpoints with. */
const logSchema = z
  .object({ origin: z.string().min(1), vkey: z.string().min(1) })
  .superRefine((log, ctx) => {
    try {
      // The log key's name is the origin (c2sp.org/tlog-checkpoint).
      if (noteVerifierFromKey(log.vkey).name !== log.origin) {
        ctx.addIssue({
          code: 'custom',
          message: `the vkey's name is not the origin ${log.origin}`,
          path: ['vkey'],
        });
      }
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message, path: ['vkey'] });
    }
  });

/**
 * Everything the witness can be told, with its defaults. The CLI (`truce
 * witness serve`) and `cli-entry.ts` hand over their flags; this schema is
 * the one place they are checked (STYLE §5.19).
 */
export const witnessConfigSchema = z.object({
  /** Folder for the SQLite state file; created if missing. */
  dataDir: z.string().min(1),
  host: z.string().default('127.0.0.1'),
  port: port.default(8081),
  /** A C2SP signer key file, `PRIVATE+KEY+<name>+<id>+<key>` (`truce keygen --witness`). */
  keyFile: z.string().min(1),
  /** The logs to cosign; a log may be listed with several keys (rotation). */
  logs: z.array(logSchema).min(1),
  logLevel: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  /** A checkpoint note carries at most 100 signatures; 64 KiB is ample. */
  bodyLimitBytes: positiveInt.default(64 * 1024),
});

export type WitnessConfig = Readonly<z.infer<typeof witnessConfigSchema>>;
export type WitnessConfigInput = z.input<typeof witnessConfigSchema>;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** Parses and freezes the configuration, or fails with every problem named. */
export function parseWitnessConfig(raw: unknown): WitnessConfig {
  const result = witnessConfigSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`
    );
    throw new ConfigError(
      `invalid witness configuration:\n  ${lines.join('\n  ')}`
    );
  }
  return Object.freeze(result.data);
}
