import type { z } from 'zod';
import type { RequestErrorCode } from '@truce/protocol';
import { ApiError } from '../errors.js';

/** Validates with a protocol schema; every issue is named in the message. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code: RequestErrorCode
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = result.error.issues
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  throw new ApiError(code, detail);
}
