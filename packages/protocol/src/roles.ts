/** Roles a bearer token can carry; reads are public. */
export const ROLES = ['admin', 'analyst', 'commission', 'guarantor'] as const;

export type Role = (typeof ROLES)[number];

/** Write permissions, each granted to the roles listed. */
export const PERMISSIONS = {
  'sensors:write': ['admin'],
  'agreements:write': ['admin'],
  'findings:review': ['admin', 'analyst'],
  'commission:decide': ['admin', 'commission'],
  'ladder:write': ['admin'],
  'pledges:write': ['admin', 'guarantor'],
  // Webhook URLs and their delivery records are sensitive, reads included.
  'webhooks:manage': ['admin'],
  'coalition:write': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleAllows(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
