// Vitest setup for every workspace: tests fail on any console output
// (STYLE §7.30), and the `toThrowWithCode` matcher is registered.
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { toThrowWithCode } from './matchers.js';

expect.extend({ toThrowWithCode });

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
let calls: string[] = [];

beforeEach(() => {
  calls = [];
  for (const method of METHODS) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      calls.push(`console.${method}: ${args.map(String).join(' ')}`);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  if (calls.length > 0) {
    throw new Error(`test wrote to the console:\n${calls.join('\n')}`);
  }
});
