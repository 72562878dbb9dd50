import { bytesConcat, hexEncode, utf8Encode } from '../bytes.js';
import { sha256 } from '../hash.js';
import { ed25519PublicKey } from '../observation/ed25519.js';
import { signCheckpoint } from '../tlog/checkpoint.js';
import {
  compactRangeAppend,
  compactRangeEmpty,
  compactRangeRoot,
} from '../tlog/compact-range.js';
import { encodeEntryBundle } from '../tlog/entry-bundle.js';
import { hashLeaf } from '../tlog/merkle.js';
import { hashReaderFromNodes } from '../tlog/node.js';
import type { HashReader, StoredNode } from '../tlog/node.js';
import { formatVerifierKey } from '../tlog/note-key.js';
import { ed25519SignerFromSeed } from '../tlog/note-verifier.js';
import {
  readHashTile,
  TILE_WIDTH,
  tileRefPath,
  tilesForSize,
} from '../tlog/tile.js';

/** One file of a bundle, by its name in the bundle folder. */
export type BundleFile = { name: string; bytes: Uint8Array };

/**
 * The digest of a bundle: SHA-256 of the lines `sha256sum` prints for its
 * files (`<hex>  <name>\n`, sorted by name), so anyone can recompute it.
 */
export function bundleDigest(files: readonly BundleFile[]): Uint8Array {
  const lines = [...files]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => `${hexEncode(sha256(f.bytes))}  ${f.name}\n`);
  return sha256(utf8Encode(lines.join('')));
}

/** A replay's log key: its name (the origin), signing seed and vkey. */
export type ReplayLogKey = { name: string; seed: Uint8Array; vkey: string };

/**
 * The log key of a replay, derived from the bundle's digest so that two
 * replays of one bundle sign the same checkpoint bytes. Anyone holding the
 * bundle can derive the private key too: it proves that a log was
 * reproduced from that bundle, never that a mission vouches for it.
 */
export function replayLogKey(digest: Uint8Array): ReplayLogKey {
  const name = `truce-replay/${hexEncode(digest).slice(0, 16)}`;
  const seed = sha256(
    bytesConcat(utf8Encode('truce replay log key\n'), digest)
  );
  return {
    name,
    seed,
    vkey: formatVerifierKey(name, ed25519PublicKey(seed)),
  };
}

/** A log as static C2SP tlog-tiles files (paths relative to `/log/`). */
export type StaticLog = {
  size: number;
  rootHash: Uint8Array;
  /** The signed checkpoint note. */
  checkpoint: string;
  /** Every full node, for inclusion proofs. */
  reader: HashReader;
  /** `tile/<L>/<N>[.p/<W>]` and `tile/entries/<N>[.p/<W>]`, level by level. */
  tiles: { path: string; bytes: Uint8Array }[];
};

/**
 * Lays out `entries` as a tlog-tiles tree: every hash tile and entry
 * bundle, full and partial, and a checkpoint signed with `key`. Pure.
 */
export function buildStaticLog(
  entries: readonly Uint8Array[],
  key: Pick<ReplayLogKey, 'name' | 'seed'>
): StaticLog {
  let range = compactRangeEmpty();
  const nodes: StoredNode[] = [];
  for (const entry of entries) {
    const step = compactRangeAppend(range, hashLeaf(entry));
    range = step.range;
    nodes.push(...step.newNodes);
  }
  const reader = hashReaderFromNodes(nodes);
  const rootHash = compactRangeRoot(range);
  const tiles = tilesForSize(entries.length).map((ref) => {
    const bytes =
      ref.kind === 'hash'
        ? readHashTile(ref, reader)
        : encodeEntryBundle(
            entries.slice(
              ref.index * TILE_WIDTH,
              ref.index * TILE_WIDTH + ref.width
            )
          );
    return { path: tileRefPath(ref), bytes };
  });
  const checkpoint = signCheckpoint(
    { origin: key.name, size: entries.length, rootHash, extensions: [] },
    ed25519SignerFromSeed(key.name, key.seed)
  );
  return { size: entries.length, rootHash, checkpoint, reader, tiles };
}
