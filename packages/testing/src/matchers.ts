type Coded = { code?: unknown };

type MatcherResult = { pass: boolean; message: () => string };

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as Coded).code;
    return `${err.name}${code === undefined ? '' : ` [${String(code)}]`}: ${err.message}`;
  }
  return String(err);
}

/**
 * Asserts that a function throws (or a promise rejects with) an instance of
 * `type` carrying `code`. Tests assert codes, never message text (STYLE §7.26).
 */
export function toThrowWithCode(
  received: unknown,
  type: abstract new (...args: never[]) => Error,
  code: string
): MatcherResult | Promise<MatcherResult> {
  const judge = (err: unknown, threw: boolean): MatcherResult => {
    const pass = threw && err instanceof type && (err as Coded).code === code;
    return {
      pass,
      message: () =>
        threw
          ? `expected ${type.name} with code ${code}, got ${describeError(err)}`
          : `expected ${type.name} with code ${code}, but nothing was thrown`,
    };
  };
  if (received instanceof Promise) {
    return received.then(
      () => judge(undefined, false),
      (err: unknown) => judge(err, true)
    );
  }
  if (typeof received !== 'function') {
    return { pass: false, message: () => 'expected a function or a promise' };
  }
  try {
    (received as () => unknown)();
  } catch (err) {
    return judge(err, true);
  }
  return judge(undefined, false);
}
