import { z } from 'zod';

const base64Hash = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);

export const inclusionProofResponseSchema = z.object({
  index: z.number().int().min(0),
  size: z.number().int().min(1),
  leafHash: base64Hash,
  hashes: z.array(base64Hash),
});

export type InclusionProofResponse = z.infer<
  typeof inclusionProofResponseSchema
>;

export const consistencyProofResponseSchema = z.object({
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  hashes: z.array(base64Hash),
});

export type ConsistencyProofResponse = z.infer<
  typeof consistencyProofResponseSchema
>;

/** Query strings carry decimal integers only: no sign, exponent or spaces. */
export const decimalIndex = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,15})$/, 'a non-negative decimal integer')
  .transform(Number)
  .refine(Number.isSafeInteger, 'too large');

export const inclusionProofQuerySchema = z.object({
  index: decimalIndex,
  size: decimalIndex,
});

export const consistencyProofQuerySchema = z.object({
  from: decimalIndex,
  to: decimalIndex,
});
