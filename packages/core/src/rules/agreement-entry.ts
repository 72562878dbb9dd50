import { z } from 'zod';
import { rfc3339MicrosSchema } from '../observation/time.js';
import { type Agreement, validateAgreement } from './agreement.js';

// The agreement as written: validated in full but not transformed, so the
// entry's canonical bytes round-trip (see decodeLogEntry).
const agreementValueSchema = z.unknown().superRefine((value, ctx) => {
  const result = validateAgreement(value);
  if (result.ok) return;
  for (const issue of result.issues) {
    ctx.addIssue({
      code: 'custom',
      path: issue.path,
      message: `${issue.code}: ${issue.message}`,
    });
  }
}) as unknown as z.ZodType<Agreement>;

/** Log entry: one version of the ceasefire agreement (DESIGN 4.3). */
export const agreementEntrySchema = z.strictObject({
  v: z.literal(1),
  type: z.literal('agreement'),
  time: rfc3339MicrosSchema,
  actor: z.string().min(1).max(128),
  agreement: agreementValueSchema,
});

export type AgreementEntry = z.infer<typeof agreementEntrySchema>;
