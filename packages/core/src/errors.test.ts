import { describe, expect, it } from 'vitest';
import { CoreError, coreErrorOf } from './errors.js';

describe('coreErrorOf', () => {
  it('returns a CoreError as it is', () => {
    const error = new CoreError('TLOG_TILE_INVALID', 'short tile');
    expect(coreErrorOf(error)).toBe(error);
  });

  it.each([
    ['a TypeError', new TypeError('x is undefined')],
    ['a plain Error', new Error('boom')],
    ['a thrown string', 'boom'],
  ])('rethrows %s, a bug rather than bad input', (_name, thrown) => {
    let caught: unknown;
    try {
      coreErrorOf(thrown);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(thrown);
  });
});
