// Who may run what (SPEC §14) is one table: every command the program declares has an entry, and the commands whose
// role depends on their arguments ask for the right one.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandPath } from '../../src/cli.js';
import { GROUPS } from '../../src/commands/index.js';
import { ACCESS_ROLES } from '../../src/core/access.js';
import type { AccessRole } from '../../src/core/access.js';
import { assertMayRun, COMMAND_ROLES, mayRun, requiredRole } from '../../src/core/command-roles.js';
import { ForbiddenError } from '../../src/core/errors.js';

/** Every command of the real program that runs something (has an action), by its path. */
async function declaredPaths(): Promise<string[]> {
  const program = new Command();
  for (const group of GROUPS) (await group.load())(program, async () => undefined);
  const paths: string[] = [];
  const walk = (command: Command) => {
    for (const sub of command.commands) {
      if ((sub as unknown as { _actionHandler: unknown })._actionHandler) paths.push(commandPath(sub));
      walk(sub);
    }
  };
  walk(program);
  return paths;
}

const who = (role: AccessRole) => ({ user: 'alice', role, memberId: null });

describe('the command/role map', () => {
  it('has an entry for every declared command', async () => {
    const paths = await declaredPaths();
    expect(paths).toContain('checkin');
    expect(paths).toContain('checkin import');
    expect(paths).toContain('access grant');
    expect(paths).toContain('store info');
    expect(paths.filter((p) => !Object.hasOwn(COMMAND_ROLES, p))).toEqual([]);
  });

  it('knows the part-two commands before they land', () => {
    for (const path of ['register', 'register cancel', 'register import', 'reading start', 'reading done', 'reading import', 'hours add', 'expense add']) {
      expect(mayRun('clerk', requiredRole(path, [], {})), path).toBe(true);
      expect(mayRun('viewer', requiredRole(path, [], {})), path).toBe(false);
    }
    for (const path of ['budget set', 'expense approve', 'expense pay', 'donation add', 'donation thank', 'donor add']) {
      expect(mayRun('treasurer', requiredRole(path, [], {})), path).toBe(true);
      expect(mayRun('clerk', requiredRole(path, [], {})), path).toBe(false);
    }
    // A clerk and a treasurer may both add an expense; neither role includes the other.
    expect(mayRun('treasurer', requiredRole('expense add', [], {}))).toBe(true);
    for (const path of ['access list', 'access grant', 'access revoke', 'store copy', 'restore']) {
      expect(requiredRole(path, [], {}), path).toEqual(['owner']);
    }
    expect(requiredRole('init', [], {})).toBeNull();
    expect(requiredRole('demo', [], {})).toBeNull();
  });

  it('gives the roles what the table says, each role including those below it', () => {
    const allowed = (path: string, args: unknown[] = [], opts: Record<string, unknown> = {}) =>
      ACCESS_ROLES.filter((role) => mayRun(role, requiredRole(path, args, opts)));
    expect(allowed('member list')).toEqual(['owner', 'admin', 'treasurer', 'clerk', 'viewer']);
    expect(allowed('store info')).toEqual(['owner', 'admin', 'treasurer', 'clerk', 'viewer']);
    expect(allowed('checkin')).toEqual(['owner', 'admin', 'clerk']);
    expect(allowed('points add')).toEqual(['owner', 'admin', 'clerk']);
    expect(allowed('points deduct')).toEqual(['owner', 'admin']);
    expect(allowed('member add')).toEqual(['owner', 'admin']);
    expect(allowed('backup')).toEqual(['owner', 'admin']);
    expect(allowed('expense add')).toEqual(['owner', 'admin', 'treasurer', 'clerk']);
  });

  it('asks the owner for the store-wide settings and an admin for the rest', () => {
    for (const key of ['name', 'lang', 'timezone', 'weekStart', 'currency']) expect(requiredRole('config set', [key, 'x'], {}), key).toEqual(['owner']);
    expect(requiredRole('config set', ['leave.perWeek', '2'], {})).toEqual(['admin']);
  });

  it('asks an admin for check --repair, a viewer for check', () => {
    expect(requiredRole('check', [], { repair: true })).toEqual(['admin']);
    expect(requiredRole('check', [], {})).toEqual(['viewer']);
  });

  it('asks an admin to set the shelf, a viewer to see it', () => {
    expect(requiredRole('book shelf', [['b1', 'b2']], {})).toEqual(['admin']);
    expect(requiredRole('book shelf', [[]], {})).toEqual(['viewer']);
  });

  it("refuses a command missing from the table to all but the owner, whatever its name", () => {
    expect(requiredRole('frobnicate', [], {})).toEqual(['owner']);
    expect(requiredRole('constructor', [], {})).toEqual(['owner']);
  });

  it('refuses with exit 5, naming the command, the role needed and the role held', () => {
    let caught: unknown;
    try {
      assertMayRun('config set', ['timezone', 'UTC'], {}, who('admin'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ForbiddenError);
    const err = caught as ForbiddenError;
    expect(err.exitCode).toBe(5);
    expect(err.code).toBe('forbidden');
    expect(err.message).toContain('club config set');
    expect(err.message).toContain('owner');
    expect(err.message).toContain('admin');
    expect(err.message).toContain('alice');
    expect(() => assertMayRun('config set', ['timezone', 'UTC'], {}, who('owner'))).not.toThrow();
  });
});
