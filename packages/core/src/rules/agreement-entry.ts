import { z } from 'zod';
import { validatedValueSchema } from '../log/validated-value.js';
import { rfc3339MicrosSchema } from '../observation/time.js';
import { type Agreement, validateAgreement } from './agreement.js';

const agreementValueSchema = validatedValueSchema<Agreement>((value) =>
  validateAgreement(value)
);

/** Log entry: one version of the ceasefire agreement (DESIGN 4.3). */
export const agreementEntrySchema = z.strictObject({
  v: z.literal(1),
  type: z.literal('agreement'),
  time: rfc3339MicrosSchema,
  actor: z.string().min(1).max(128),
  agreement: agreementValueSchema,
});

export type AgreementEntry = z.infer<typeof agreementEntrySchema>;
