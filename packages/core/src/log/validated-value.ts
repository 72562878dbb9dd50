import { z } from 'zod';

type Validation<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      issues: readonly {
        code: string;
        path: readonly (string | number)[];
        message: string;
      }[];
    };

/**
 * A policy document inside a log entry, as written: checked in full by its
 * own validator (every issue named) but not transformed, so the entry's
 * canonical bytes round-trip (see decodeLogEntry).
 */
export function validatedValueSchema<T>(
  validate: (value: unknown) => Validation<T>
): z.ZodType<T> {
  return z.unknown().superRefine((value, ctx) => {
    const result = validate(value);
    if (result.ok) return;
    for (const issue of result.issues) {
      ctx.addIssue({
        code: 'custom',
        path: [...issue.path],
        message: `${issue.code}: ${issue.message}`,
      });
    }
  }) as unknown as z.ZodType<T>;
}
