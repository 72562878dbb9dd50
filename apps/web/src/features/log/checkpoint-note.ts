/** A checkpoint note as shown on the log page (C2SP tlog-checkpoint + signed-note). */
export type CheckpointView = {
  origin: string;
  size: number;
  rootHash: string;
  /** Every signature line: the log's and each witness's cosignature. */
  signatures: { name: string; keyId: string }[];
};

const DECODE = (b64: string): Uint8Array | undefined => {
  try {
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
};

/**
 * Reads the note for display only; the Verify button is where signatures
 * are checked. Signature lines are `— <name> <base64(keyID ‖ sig)>`
 * (C2SP signed-note), the key ID being the first 4 bytes.
 */
export function readCheckpointNote(text: string): CheckpointView | undefined {
  const split = text.indexOf('\n\n');
  if (split < 0) return undefined;
  const body = text.slice(0, split).split('\n');
  const [origin, size, rootHash] = body;
  if (
    origin === undefined ||
    size === undefined ||
    rootHash === undefined ||
    !/^[0-9]+$/.test(size)
  ) {
    return undefined;
  }
  const signatures = text
    .slice(split + 2)
    .split('\n')
    .filter((line) => line.startsWith('— '))
    .map((line) => {
      const [, name = '', sig = ''] = line.split(' ');
      const bytes = DECODE(sig);
      const keyId =
        bytes !== undefined && bytes.length >= 4
          ? Array.from(bytes.slice(0, 4), (b) =>
              b.toString(16).padStart(2, '0')
            ).join('')
          : '?';
      return { name, keyId };
    });
  return { origin, size: Number(size), rootHash, signatures };
}
