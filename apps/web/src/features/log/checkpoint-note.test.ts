import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCheckpointNote } from './checkpoint-note.js';

// The golden evidence file's checkpoint: signed by the log, cosigned by two witnesses.
const golden = JSON.parse(
  readFileSync(
    fileURLToPath(
      new URL(
        '../../../../../packages/core/test-vectors/evidence/observation.evidence.json',
        import.meta.url
      )
    ),
    'utf8'
  )
) as { log: { vkey: string; checkpoint: string } };

describe('readCheckpointNote', () => {
  it('reads the body and names every signer with its key ID', () => {
    const view = readCheckpointNote(golden.log.checkpoint)!;
    const [name, keyId] = golden.log.vkey.split('+');
    expect(view.origin).toBe(name);
    expect(view.size).toBe(7);
    expect(view.rootHash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(view.signatures).toHaveLength(3);
    expect(view.signatures[0]).toEqual({ name, keyId });
  });

  it('refuses text that is no signed note', () => {
    expect(readCheckpointNote('no blank line here')).toBeUndefined();
    expect(
      readCheckpointNote('origin\nnot-a-size\nroot\n\n— x AAAA\n')
    ).toBeUndefined();
  });

  it('shows a signature it cannot decode with key ID "?"', () => {
    const view = readCheckpointNote('o\n1\nroot\n\n— w !!!\n')!;
    expect(view.signatures).toEqual([{ name: 'w', keyId: '?' }]);
  });
});
