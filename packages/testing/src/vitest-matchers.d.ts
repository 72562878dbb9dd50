// Type of the matcher that `setup.ts` registers; every tsconfig includes this.
import 'vitest';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  interface Matchers<T = any> {
    toThrowWithCode(
      type: abstract new (...args: never[]) => Error,
      code: string
    ): T extends Promise<unknown> ? Promise<void> : void;
  }
}
