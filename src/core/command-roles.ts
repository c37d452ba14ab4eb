// Who may run what (SPEC §14, "Who may run what"): for every command the access roles that may run it, as data.
// src/cli.ts asks requiredRole() right after opening the store and refuses with exit 5 before anything is read or
// written. tests/core/command-roles.test.ts walks the declared commands and fails for any command without an entry.
import { roleAllows } from './access.js';
import type { AccessRole, Identity } from './access.js';
import { ForbiddenError } from './errors.js';
import { t } from '../i18n/index.js';

/**
 * The least roles that may run a command: any one of them will do (roles above each include it). Most commands need
 * one role; `expense add` may be run by a clerk or by a treasurer, neither of whom includes the other.
 */
export type RoleNeed = readonly AccessRole[];

const VIEWER: RoleNeed = ['viewer'];
const CLERK: RoleNeed = ['clerk'];
const TREASURER: RoleNeed = ['treasurer'];
const ADMIN: RoleNeed = ['admin'];
const OWNER: RoleNeed = ['owner'];

/**
 * Every command path (as typed after `club`) and who may run it; null for commands that open no existing store (they
 * create one). Reads are the viewer's; clerks record what happens at sessions; treasurers keep the money; admins do
 * all the rest but access, `store copy`, `restore` and the store-wide settings, which are the owner's. Part-two
 * commands are listed ahead of their arrival so they are right when they land.
 */
export const COMMAND_ROLES: Readonly<Record<string, RoleNeed | null>> = {
  // The store
  init: null,
  demo: null,
  'config list': VIEWER,
  'config get': VIEWER,
  'config set': ADMIN, // owner for the store-wide keys: see requiredRole
  check: VIEWER, // admin with --repair
  backup: ADMIN, // never a masked backup: owner or admin
  restore: OWNER,
  log: VIEWER,
  'store info': VIEWER,
  'store copy': OWNER,
  'store upgrade': OWNER,
  'access list': OWNER,
  'access grant': OWNER,
  'access revoke': OWNER,
  // Members
  'member add': ADMIN,
  'member apply': ADMIN,
  'member approve': ADMIN,
  'member reject': ADMIN,
  'member list': VIEWER,
  'member show': VIEWER,
  'member edit': ADMIN,
  'member warn': ADMIN,
  'member remove': ADMIN,
  'member restore': ADMIN,
  'member import': ADMIN,
  'member export': VIEWER,
  'member purge': ADMIN,
  // Sessions and attendance
  'session add': ADMIN,
  'session list': VIEWER,
  'session show': VIEWER,
  'session edit': ADMIN,
  'session cancel': ADMIN,
  'session done': ADMIN,
  checkin: CLERK,
  'checkin import': CLERK,
  leave: CLERK,
  attendance: VIEWER,
  'export ics': VIEWER,
  // Votes
  'topic propose': CLERK,
  'topic vote': CLERK,
  'topic list': VIEWER,
  'topic close': ADMIN,
  'best vote': CLERK,
  'best close': ADMIN,
  'best set': ADMIN,
  // Points and rewards
  'points add': CLERK,
  'points deduct': ADMIN,
  'points balance': VIEWER,
  'points history': VIEWER,
  'points leaderboard': VIEWER,
  'reward add': ADMIN,
  'reward list': VIEWER,
  'reward redeem': ADMIN,
  // Surveys and feedback
  'survey create': ADMIN,
  'survey list': VIEWER,
  'survey show': VIEWER,
  'survey open': ADMIN,
  'survey close': ADMIN,
  'survey take': CLERK,
  'survey answer': CLERK,
  'survey import': CLERK,
  'survey pending': VIEWER,
  'survey results': VIEWER,
  'feedback add': CLERK,
  'feedback list': VIEWER,
  // Tasks
  'task add': ADMIN,
  'task done': ADMIN,
  'task cancel': ADMIN,
  'task list': VIEWER,
  // Reports, templates, messages
  'report weekly': VIEWER,
  'report monthly': VIEWER,
  'report quarterly': VIEWER,
  'report yearly': VIEWER,
  'report period': VIEWER,
  'report newsletter': VIEWER,
  'template list': VIEWER,
  'template eject': VIEWER,
  'template set': ADMIN,
  'notice next': VIEWER,
  'remind absent': VIEWER,
  'remind survey': VIEWER,
  'remind tasks': VIEWER,
  'remind reading': VIEWER,
  'remind registration': VIEWER,
  // Activities, registration, staff, hours (section 9)
  'activity plan': ADMIN,
  'activity submit': ADMIN,
  'activity review': ADMIN,
  'activity approve': ADMIN,
  'activity reject': ADMIN,
  'activity list': VIEWER,
  'activity show': VIEWER,
  'activity results': VIEWER,
  'activity evaluate': VIEWER,
  register: CLERK,
  'register cancel': CLERK,
  'register import': CLERK,
  'register list': VIEWER,
  'staff add': ADMIN,
  'staff list': VIEWER,
  'staff remove': ADMIN,
  'hours add': CLERK,
  'hours remove': ADMIN,
  'hours list': VIEWER,
  'hours certificate': VIEWER,
  // Money (section 10): the treasurer's writes; reads are everyone's, as every read is
  'budget set': TREASURER,
  'budget show': VIEWER,
  'expense add': ['clerk', 'treasurer'],
  'expense approve': TREASURER,
  'expense reject': TREASURER,
  'expense pay': TREASURER,
  'expense list': VIEWER,
  'expense receipt': VIEWER,
  'donation add': TREASURER,
  'donation list': VIEWER,
  'donation thank': TREASURER,
  'donor add': TREASURER,
  'donor list': VIEWER,
  'money report': VIEWER,
  'money export': VIEWER,
  // The reading plan (section 11)
  'book add': ADMIN,
  'book list': VIEWER,
  'book shelf': VIEWER, // admin when it sets the shelf (books given)
  'reading start': CLERK,
  'reading done': CLERK,
  'reading undone': CLERK, // corrects a clerk's 'reading done'
  'reading import': CLERK,
  'reading status': VIEWER,
  'reading notes': VIEWER,
};

/** Settings that belong to the whole store, which only its owner may change (SPEC §14). */
export const OWNER_SETTINGS: ReadonlySet<string> = new Set(['name', 'lang', 'timezone', 'weekStart', 'currency']);

/**
 * Who may run command `path` with these arguments and options: null when it needs no store. A path missing from the
 * table is the owner's, so that a command added without an entry is refused rather than let through.
 */
export function requiredRole(path: string, args: readonly unknown[], opts: Readonly<Record<string, unknown>>): RoleNeed | null {
  if (path === 'config set') return OWNER_SETTINGS.has(String(args[0])) ? OWNER : ADMIN;
  if (path === 'check' && opts.repair) return ADMIN;
  if (path === 'book shelf' && Array.isArray(args[0]) && args[0].length > 0) return ADMIN;
  return Object.hasOwn(COMMAND_ROLES, path) ? COMMAND_ROLES[path]! : OWNER;
}

/** True when `role` may run a command that needs `need`. */
export const mayRun = (role: AccessRole, need: RoleNeed | null): boolean => need === null || need.some((needed) => roleAllows(role, needed));

/**
 * Refuses (exit 5, `forbidden`) when `who` may not run command `path`, naming the command, the role needed and the
 * person's role.
 */
export function assertMayRun(path: string, args: readonly unknown[], opts: Readonly<Record<string, unknown>>, who: Identity): void {
  const need = requiredRole(path, args, opts);
  if (mayRun(who.role, need)) return;
  const needed = need!.join('/');
  throw new ForbiddenError(t('access.forbidden', { command: `club ${path}`, needed, user: who.user, role: who.role }), t('access.forbidden.hint', { needed }));
}
