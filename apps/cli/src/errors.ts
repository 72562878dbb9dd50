/**
 * What went wrong, by the exit status it earns: USAGE and INPUT_UNUSABLE
 * exit 2 (fix the command line or its inputs), FAILED exits 1 (the
 * command ran and the answer is no).
 */
export type CliErrorCode = 'USAGE' | 'INPUT_UNUSABLE' | 'FAILED';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const EXIT_BY_CODE = {
  USAGE: EXIT_USAGE,
  INPUT_UNUSABLE: EXIT_USAGE,
  FAILED: EXIT_FAILED,
} as const satisfies Record<CliErrorCode, number>;

/** The one error type of the CLI; main.ts prints it and exits with its status. */
export class CliError extends Error {
  readonly code: CliErrorCode;

  constructor(
    code: CliErrorCode,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
  }

  get exitCode(): number {
    return EXIT_BY_CODE[this.code];
  }
}

/** Throws a USAGE error: the command line itself is wrong. */
export function usageError(message: string): never {
  throw new CliError('USAGE', message);
}
