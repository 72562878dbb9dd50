import { CoreError } from '../errors.js';
import { hexEncode } from '../bytes.js';
import {
  NOTE_KEY_TYPE_COSIGNATURE_V1,
  NOTE_KEY_TYPE_ECDSA,
  NOTE_KEY_TYPE_ED25519,
  parseVerifierKey,
} from '../tlog/note-key.js';
import type { VerifierKey } from '../tlog/note-key.js';

// C2SP tlog-policy (c2sp.org/tlog-policy): which logs a verifier accepts,
// which witnesses it knows, and the quorum of cosignatures it requires.

/** The predefined quorum name that requires no cosignature (tlog-policy "Defining the quorum"). */
export const POLICY_QUORUM_NONE = 'none';

/**
 * Most logs, witnesses and groups each a policy may define. tlog-policy
 * "Implementation limits" asks for at least 32; the cap keeps an
 * attacker-supplied policy from costing unbounded work.
 */
export const POLICY_MAX_ENTRIES = 256;

/** A `log <vkey> [<url>]` line; the vkey's key name is the log's origin. */
export type PolicyLog = { vkey: string; origin: string; url?: string };

/** A `witness <name> <vkey> [<url>]` line. */
export type PolicyWitness = { name: string; vkey: string; url?: string };

/** A group threshold as written: `all`, `any` or a number 1 <= k <= n. */
export type PolicyThreshold = 'all' | 'any' | number;

/** A `group <name> <all|any|k> <member>...` line. */
export type PolicyGroup = {
  name: string;
  threshold: PolicyThreshold;
  members: string[];
};

/** A parsed tlog-policy: every definition in file order, and the quorum. */
export type WitnessPolicy = {
  logs: PolicyLog[];
  witnesses: PolicyWitness[];
  groups: PolicyGroup[];
  /** A witness or group name, or `none`. */
  quorum: string;
};

/** POLICY_INVALID with the 1-based line of the policy text at fault. */
export class PolicyError extends CoreError<'POLICY_INVALID'> {
  readonly line: number;

  constructor(line: number, message: string, options?: { cause?: unknown }) {
    super('POLICY_INVALID', `policy line ${line}: ${message}`, options);
    this.name = 'PolicyError';
    this.line = line;
  }
}

/** The k of a group: `any` is 1 and `all` is n (tlog-policy "Defining a witness group"). */
export function groupThreshold(group: PolicyGroup): number {
  if (group.threshold === 'any') return 1;
  if (group.threshold === 'all') return group.members.length;
  return group.threshold;
}

// tlog-policy "Character set": tab, newline, 0x20-0x7E and anything with
// the high bit set; everything else (including CR and DEL) is refused.
function firstBadChar(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || (c >= 0x20 && c !== 0x7f)) continue;
    return i;
  }
  return -1;
}

const WHITESPACE = /[ \t]+/;
const DECIMAL_K = /^[1-9][0-9]*$/;

const LOG_KEY_TYPES = new Set([NOTE_KEY_TYPE_ED25519, NOTE_KEY_TYPE_ECDSA]);
// Cosigners publish 0x04 vkeys; 0x01 ones are re-derived as 0x04, as
// transparency-dev/formats does (VECTORS.md §4).
const WITNESS_KEY_TYPES = new Set([
  NOTE_KEY_TYPE_COSIGNATURE_V1,
  NOTE_KEY_TYPE_ED25519,
]);

type Builder = {
  policy: WitnessPolicy;
  quorumSet: boolean;
  /** Witness and group names (one namespace). */
  names: Set<string>;
  /** Names already used as a group member, with the group that used them. */
  usedAsMember: Map<string, string>;
  logKeys: Set<string>;
  witnessKeys: Set<string>;
};

function parseKey(line: number, vkey: string, types: Set<number>): VerifierKey {
  let key: VerifierKey;
  try {
    key = parseVerifierKey(vkey);
  } catch (error) {
    throw new PolicyError(line, `invalid vkey ${vkey}`, { cause: error });
  }
  if (!types.has(key.type)) {
    throw new PolicyError(
      line,
      `vkey type 0x${key.type.toString(16).padStart(2, '0')} is not supported here`
    );
  }
  return key;
}

function checkLimit(line: number, count: number, what: string): void {
  if (count >= POLICY_MAX_ENTRIES) {
    throw new PolicyError(
      line,
      `more than ${POLICY_MAX_ENTRIES} ${what} in one policy`
    );
  }
}

function defineName(b: Builder, line: number, name: string): void {
  if (name === POLICY_QUORUM_NONE) {
    throw new PolicyError(line, `"${POLICY_QUORUM_NONE}" is predefined`);
  }
  if (b.names.has(name)) {
    throw new PolicyError(line, `name ${name} is already defined`);
  }
  b.names.add(name);
}

function addLog(b: Builder, line: number, fields: string[]): void {
  if (fields.length < 2 || fields.length > 3) {
    throw new PolicyError(line, 'expected "log <vkey> [<url>]"');
  }
  const [, vkey, url] = fields as [string, string, string | undefined];
  const key = parseKey(line, vkey, LOG_KEY_TYPES);
  // "Duplicate" means the same public key, whatever the name or key ID.
  const id = hexEncode(key.publicKey);
  if (b.logKeys.has(id)) throw new PolicyError(line, 'duplicate log key');
  checkLimit(line, b.policy.logs.length, 'logs');
  b.logKeys.add(id);
  b.policy.logs.push({
    vkey,
    origin: key.name,
    ...(url === undefined ? {} : { url }),
  });
}

function addWitness(b: Builder, line: number, fields: string[]): void {
  if (fields.length < 3 || fields.length > 4) {
    throw new PolicyError(line, 'expected "witness <name> <vkey> [<url>]"');
  }
  const [, name, vkey, url] = fields as [
    string,
    string,
    string,
    string | undefined,
  ];
  const key = parseKey(line, vkey, WITNESS_KEY_TYPES);
  const id = hexEncode(key.publicKey);
  if (b.witnessKeys.has(id)) {
    throw new PolicyError(line, 'duplicate witness key');
  }
  checkLimit(line, b.policy.witnesses.length, 'witnesses');
  defineName(b, line, name);
  b.witnessKeys.add(id);
  b.policy.witnesses.push({
    name,
    vkey,
    ...(url === undefined ? {} : { url }),
  });
}

function parseThreshold(
  line: number,
  text: string,
  n: number
): PolicyThreshold {
  if (text === 'all' || text === 'any') return text;
  if (!DECIMAL_K.test(text)) {
    throw new PolicyError(line, `threshold ${text} is not all, any or k`);
  }
  const k = Number(text);
  if (k > n) {
    throw new PolicyError(line, `threshold ${k} exceeds the ${n} members`);
  }
  return k;
}

function addGroup(b: Builder, line: number, fields: string[]): void {
  if (fields.length < 4) {
    throw new PolicyError(
      line,
      'expected "group <name> <all|any|k> <member>..."'
    );
  }
  const [, name, thresholdText, ...members] = fields as [
    string,
    string,
    string,
    ...string[],
  ];
  const threshold = parseThreshold(line, thresholdText, members.length);
  const seen = new Set<string>();
  for (const member of members) {
    if (member === POLICY_QUORUM_NONE) {
      throw new PolicyError(line, `"${POLICY_QUORUM_NONE}" cannot be a member`);
    }
    // Only names from preceding lines, which also rules out cycles.
    if (!b.names.has(member)) {
      throw new PolicyError(line, `member ${member} is not defined above`);
    }
    // tlog-policy: each name is a member at most once in the whole file,
    // so no witness counts twice towards the quorum.
    const other = b.usedAsMember.get(member);
    if (other !== undefined || seen.has(member)) {
      throw new PolicyError(
        line,
        `${member} is already a member of ${other ?? name}`
      );
    }
    seen.add(member);
  }
  checkLimit(line, b.policy.groups.length, 'groups');
  defineName(b, line, name);
  for (const member of members) b.usedAsMember.set(member, name);
  b.policy.groups.push({ name, threshold, members });
}

function setQuorum(b: Builder, line: number, fields: string[]): void {
  if (fields.length !== 2) {
    throw new PolicyError(line, 'expected "quorum <name>"');
  }
  if (b.quorumSet) throw new PolicyError(line, 'a second quorum line');
  const name = fields[1]!;
  if (name !== POLICY_QUORUM_NONE && !b.names.has(name)) {
    throw new PolicyError(line, `quorum ${name} is not defined above`);
  }
  b.quorumSet = true;
  b.policy.quorum = name;
}

const KEYWORDS: Record<
  string,
  (b: Builder, line: number, fields: string[]) => void
> = { log: addLog, witness: addWitness, group: addGroup, quorum: setQuorum };

/**
 * Parses a policy strictly per c2sp.org/tlog-policy: every line ends in a
 * newline, names are defined before use, no duplicate keys or names, one
 * quorum line. Throws a PolicyError (POLICY_INVALID) naming the line.
 *
 * @example
 * parseWitnessPolicy('log <vkey>\nwitness w1 <vkey>\nquorum w1\n')
 */
export function parseWitnessPolicy(text: string): WitnessPolicy {
  if (typeof text !== 'string') throw new PolicyError(0, 'not text');
  const bad = firstBadChar(text);
  if (bad >= 0) {
    const line = text.slice(0, bad).split('\n').length;
    throw new PolicyError(line, 'control character other than tab');
  }
  const lines = text === '' ? [] : text.split('\n');
  if (lines.length > 0 && lines.pop() !== '') {
    throw new PolicyError(lines.length + 1, 'last line lacks a newline');
  }
  const b: Builder = {
    policy: { logs: [], witnesses: [], groups: [], quorum: POLICY_QUORUM_NONE },
    quorumSet: false,
    names: new Set(),
    usedAsMember: new Map(),
    logKeys: new Set(),
    witnessKeys: new Set(),
  };
  lines.forEach((raw, i) => {
    const fields = raw.split(WHITESPACE).filter((field) => field !== '');
    const keyword = fields[0];
    if (keyword === undefined || keyword.startsWith('#')) return;
    const handler = Object.hasOwn(KEYWORDS, keyword)
      ? KEYWORDS[keyword]
      : undefined;
    if (handler === undefined) {
      throw new PolicyError(i + 1, `unknown keyword ${keyword}`);
    }
    handler(b, i + 1, fields);
  });
  if (!b.quorumSet) {
    throw new PolicyError(lines.length, 'no quorum line');
  }
  return b.policy;
}
