import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/progress.js';
import { Capture } from './helpers.js';

function stream(isTTY: boolean): Capture {
  const capture = new Capture();
  capture.isTTY = isTTY;
  return capture;
}

describe('createProgress', () => {
  describe('when the stream is not a terminal', () => {
    it('draws nothing', () => {
      const out = stream(false);
      const progress = createProgress(out, { label: 'x' });
      progress.update(1, 2);
      progress.finish();
      expect(out.text).toBe('');
    });

    it('draws when forced', () => {
      const out = stream(false);
      const progress = createProgress(out, { label: 'x', force: true });
      progress.update(1, 4);
      progress.finish();
      expect(out.text).toContain('25% 1/4');
      expect(out.text.endsWith('\n')).toBe(true);
    });
  });

  describe('when the stream is a terminal', () => {
    it('redraws in place at most every 100 ms, and always the last step', () => {
      const out = stream(true);
      let now = 0;
      const progress = createProgress(out, { label: 'tiles', now: () => now });
      progress.update(1, 10);
      now = 50;
      progress.update(2, 10);
      now = 200;
      progress.update(3, 10);
      progress.update(10, 10);
      expect(out.chunks).toHaveLength(3);
      expect(out.chunks.every((c) => c.startsWith('\rtiles ['))).toBe(true);
      expect(out.chunks.at(-1)).toContain('100% 10/10');
    });

    it('writes nothing on finish when nothing was drawn', () => {
      const out = stream(true);
      createProgress(out, { label: 'x' }).finish();
      expect(out.text).toBe('');
    });

    it('shows an empty total as done', () => {
      const out = stream(true);
      const progress = createProgress(out, { label: 'x' });
      progress.update(0, 0);
      expect(out.text).toContain('100% 0/0');
    });
  });
});
