// Ed25519 batch verification with node:crypto, shared by the main thread and
// the verification workers. Plain JavaScript so that worker threads can load
// it without the TypeScript loader. Types: ed25519-batch.d.mts.
import { createPublicKey, verify } from 'node:crypto';

// RFC 8410 §4: SubjectPublicKeyInfo DER prefix of an Ed25519 public key.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const KEY_CACHE_LIMIT = 100_000;
const keyCache = new Map();

function keyObject(raw) {
  const id = Buffer.from(raw).toString('base64');
  let key = keyCache.get(id);
  if (key === undefined) {
    key = createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, raw]),
      format: 'der',
      type: 'spki',
    });
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keyCache.set(id, key);
  }
  return key;
}

/**
 * Packs items into one transferable buffer: per item a 32-byte key, a
 * 64-byte signature, a u32 message length and the message.
 */
export function packItems(items) {
  let size = 4;
  for (const item of items) size += 100 + item.message.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, items.length);
  let offset = 4;
  for (const item of items) {
    out.set(item.publicKey, offset);
    out.set(item.signature, offset + 32);
    view.setUint32(offset + 96, item.message.length);
    out.set(item.message, offset + 100);
    offset += 100 + item.message.length;
  }
  return out;
}

/** Verifies every packed item; returns 1 (valid) or 0 per item. */
export function verifyPacked(packed) {
  const view = new DataView(
    packed.buffer,
    packed.byteOffset,
    packed.byteLength
  );
  const count = view.getUint32(0);
  const results = new Uint8Array(count);
  let offset = 4;
  for (let i = 0; i < count; i++) {
    const publicKey = packed.subarray(offset, offset + 32);
    const signature = packed.subarray(offset + 32, offset + 96);
    const length = view.getUint32(offset + 96);
    const message = packed.subarray(offset + 100, offset + 100 + length);
    offset += 100 + length;
    try {
      results[i] = verify(null, message, keyObject(publicKey), signature)
        ? 1
        : 0;
    } catch {
      // A key that is not a valid curve point cannot verify anything.
      results[i] = 0;
    }
  }
  return results;
}
