import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Permission, Role } from '@truce/protocol';
import { roleAllows } from '@truce/protocol';
import { ApiError } from '../errors.js';
import type { LogStore, StoredToken } from '../storage/store.js';

const TOKEN_PREFIX = 'truce_';
const TOKEN_PATTERN = /^truce_([A-Za-z0-9_-]{8})_([A-Za-z0-9_-]{43})$/;

/** Tokens are stored only as the SHA-256 of the whole secret string. */
export function hashTokenSecret(secret: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(secret, 'utf8').digest());
}

export type CreatedToken = { token: StoredToken; secret: string };

/**
 * A token's public id: 8 base64url characters, never starting with '-',
 * which a command line takes for a flag (`truce token revoke --data DIR ID`
 * would fail for one token in 64).
 */
function newTokenId(): string {
  for (;;) {
    const id = randomBytes(6).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Makes a new bearer token for `role` and stores its hash. */
export async function createToken(
  store: LogStore,
  input: { role: Role; label: string; nowMs: number; member?: string }
): Promise<CreatedToken> {
  const id = newTokenId();
  const secret = `${TOKEN_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
  const token: StoredToken = {
    id,
    role: input.role,
    label: input.label,
    createdAtMs: input.nowMs,
    revoked: false,
    ...(input.member === undefined ? {} : { member: input.member }),
  };
  await store.insertToken(token, hashTokenSecret(secret));
  return { token, secret };
}

/** Resolves a request's bearer token to its stored record, or throws 401. */
export async function authenticate(
  store: LogStore,
  request: FastifyRequest
): Promise<StoredToken> {
  const header = request.headers.authorization;
  if (header === undefined) {
    throw new ApiError('UNAUTHORIZED', 'this write needs a bearer token', {
      headers: { 'www-authenticate': 'Bearer' },
    });
  }
  const match = /^Bearer (\S+)$/.exec(header);
  const secret = match?.[1];
  if (secret === undefined || !TOKEN_PATTERN.test(secret)) {
    throw new ApiError('UNAUTHORIZED', 'malformed bearer token', {
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    });
  }
  const hash = hashTokenSecret(secret);
  const token = await store.findTokenByHash(hash);
  // Looking up by hash keeps the secret out of every comparison, so no
  // timing difference tells an attacker how much of a guess was right.
  if (token === undefined || token.revoked) {
    throw new ApiError('UNAUTHORIZED', 'unknown or revoked token', {
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    });
  }
  return token;
}

/** Authenticates and checks that the token's role grants `permission`. */
export async function authorize(
  store: LogStore,
  request: FastifyRequest,
  permission: Permission
): Promise<StoredToken> {
  const token = await authenticate(store, request);
  if (!roleAllows(token.role, permission)) {
    throw new ApiError(
      'FORBIDDEN',
      `role ${token.role} may not ${permission.replace(':', ' ')}`
    );
  }
  return token;
}

/**
 * Refuses (403 MEMBER_FORBIDDEN) a guarantor token acting for a member other
 * than the one it is bound to. A guarantor token bound to no member is
 * refused too: the role exists to act for one state, and an unbound one
 * would move every member's pledges. Other roles the permission allows
 * (admin) act for any member.
 */
export function assertActsFor(token: StoredToken, member: string): void {
  if (token.role !== 'guarantor') return;
  if (token.member === undefined) {
    throw new ApiError(
      'MEMBER_FORBIDDEN',
      `guarantor token ${token.id} is bound to no member; make one with truce token create --role guarantor --member ${member}`
    );
  }
  if (token.member !== member) {
    throw new ApiError(
      'MEMBER_FORBIDDEN',
      `guarantor token ${token.id} acts for ${token.member}, not ${member}`
    );
  }
}
