// Access roles of a database store (SPEC §8, §14): who may run what. A folder store has one person, its owner.

export const ACCESS_ROLES = ['owner', 'admin', 'treasurer', 'clerk', 'viewer'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

/** What each role may do beyond its own name: owner ⊃ admin ⊃ treasurer, clerk ⊃ viewer. */
const INCLUDES: Record<AccessRole, readonly AccessRole[]> = {
  owner: ['owner', 'admin', 'treasurer', 'clerk', 'viewer'],
  admin: ['admin', 'treasurer', 'clerk', 'viewer'],
  treasurer: ['treasurer', 'viewer'],
  clerk: ['clerk', 'viewer'],
  viewer: ['viewer'],
};

/** True when `role` may do what `needed` may. */
export const roleAllows = (role: AccessRole, needed: AccessRole): boolean => INCLUDES[role].includes(needed);

export const isAccessRole = (value: string): value is AccessRole => (ACCESS_ROLES as readonly string[]).includes(value);

/** Whether a role sees members' contacts (phone, email, QQ, WeChat) or sees them masked. */
export const seesContacts = (role: AccessRole): boolean => role === 'owner' || role === 'admin';

/**
 * Whether a role sees who gave an anonymous donation: those who keep the money, the treasurer and the roles that
 * include the treasurer's (admin, owner; SPEC §14 "Money"). A database enforces it with column privileges.
 */
export const seesDonors = (role: AccessRole): boolean => roleAllows(role, 'treasurer');

/** Who runs a command against a store, and with which access role. */
export interface Identity {
  /** The database login, or the OS user of a folder store. */
  user: string;
  role: AccessRole;
  /** The member the login is linked to (`access grant … --member M`), if any. */
  memberId: string | null;
}
