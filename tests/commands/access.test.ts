// Who may run what, enforced where the store is opened (SPEC §14), and the access and store info commands on a
// folder store. A real folder store stands in for a database one by answering another role (helpers/roles.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccessRole } from '../../src/core/access.js';
import { freshClub } from '../helpers/run.js';
import type { RunResult } from '../helpers/run.js';
import { openAs } from '../helpers/roles.js';
import type { RoleStoreLog } from '../helpers/roles.js';

/** Every file of the store and its bytes. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[path.slice(dir.length)] = readFileSync(path).toString('base64');
    }
  };
  walk(dir);
  return files;
}

const ok = (r: RunResult) => {
  expect(r.code, r.stderr).toBe(0);
  return r;
};

let club: Awaited<ReturnType<typeof freshClub>>;
beforeEach(async () => {
  club = await freshClub();
  ok(await club.club(['member', 'add', '杨洪勇']));
  ok(await club.club(['member', 'add', '雅风']));
  ok(await club.club(['session', 'add', '读书分享', '--at', '2026-03-05T19:30']));
});
afterEach(() => club.cleanup());

const as = (role: AccessRole, argv: string[], log?: RoleStoreLog) => club.club([...argv, '--json'], { openStore: openAs(role, 'alice', log) });

describe('who may run what', () => {
  // For each role: a command it may run, and one it may not.
  const cases: Array<[AccessRole, string[], string[], string]> = [
    ['viewer', ['member', 'list'], ['points', 'add', '雅风', '3', '--reason', '分享'], 'clerk'],
    ['clerk', ['points', 'add', '雅风', '3', '--reason', '分享'], ['member', 'add', '李雷'], 'admin'],
    ['treasurer', ['report', 'monthly', '--month', '2026-03'], ['checkin', 's1', '杨洪勇'], 'clerk'],
    ['admin', ['config', 'set', 'leave.perWeek', '2'], ['config', 'set', 'timezone', 'UTC'], 'owner'],
    ['owner', ['config', 'set', 'timezone', 'UTC'], ['access', 'grant', 'bob', '--role', 'clerk'], ''],
  ];

  it.each(cases.map(([role, allowed]) => [role, allowed.join(' '), allowed] as const))('%s may run `%s`', async (role, _, allowed) => {
    const before = snapshot(club.dir);
    const r = ok(await as(role, allowed));
    expect(r.stdout).not.toContain('forbidden');
    if (allowed[0] !== 'member' && allowed[0] !== 'report') expect(snapshot(club.dir)).not.toEqual(before);
  });

  it.each(cases.filter(([role]) => role !== 'owner').map(([role, , refused, needed]) => [role, refused.join(' '), refused, needed] as const))(
    '%s may not run `%s`: exit 5, nothing changed',
    async (role, _, refused, needed) => {
    const before = snapshot(club.dir);
    const r = await as(role, refused);
    expect(r.code).toBe(5);
    expect(r.json().error.code).toBe('forbidden');
    expect(r.stderr).toContain(`club ${refused.slice(0, refused[0] === 'checkin' ? 1 : 2).join(' ')}`);
    expect(r.stderr).toContain(needed);
    expect(r.stderr).toContain(role);
    expect(snapshot(club.dir)).toEqual(before);
    },
  );

  it('refuses check --repair and backup to a clerk, but not check', async () => {
    ok(await as('clerk', ['check']));
    expect((await as('clerk', ['check', '--repair'])).code).toBe(5);
    const before = snapshot(club.dir);
    expect((await as('treasurer', ['backup'])).code).toBe(5);
    expect(snapshot(club.dir)).toEqual(before);
    ok(await as('admin', ['backup']));
  });

  it('says it in Chinese under CLUB_LANG=zh', async () => {
    const r = await club.club(['member', 'add', '李雷'], { openStore: openAs('viewer'), env: { CLUB_LANG: 'zh' } });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('需要 admin 角色');
  });

  it('never refuses the one person of a folder store', async () => {
    ok(await club.club(['config', 'set', 'timezone', 'UTC']));
    ok(await club.club(['check', '--repair']));
  });

  it('closes the store at the end of every run, refused, failed or done', async () => {
    const log: RoleStoreLog = { opened: 0, closed: 0 };
    ok(await as('admin', ['member', 'list'], log));
    expect((await as('viewer', ['member', 'add', '李雷'], log)).code).toBe(5);
    expect((await as('admin', ['member', 'show', '无此人'], log)).code).toBe(1);
    expect(log).toEqual({ opened: 3, closed: 3 });
  });
});

describe('club access and club store info on a folder store', () => {
  it('store info: kind, location, schema version, user and role', async () => {
    const info = ok(await club.club(['store', 'info', '--json'])).json();
    expect(Object.keys(info)).toEqual(['kind', 'location', 'schemaVersion', 'user', 'role']);
    expect(info).toMatchObject({ kind: 'folder', user: 'tester', role: 'owner' });
    expect(info.location).toBe(join(club.dir, '.club'));
    expect(Number.isInteger(info.schemaVersion)).toBe(true);
    const table = ok(await club.club(['store', 'info'])).stdout;
    expect(table).toMatch(/类型\s+folder/);
    expect(table).toMatch(/你的角色\s+owner/);
  });

  it('store info shows the role of whoever runs it', async () => {
    expect(ok(await as('clerk', ['store', 'info'])).json()).toMatchObject({ user: 'alice', role: 'clerk' });
  });

  it('access list: the one owner', async () => {
    expect(ok(await club.club(['access', 'list', '--json'])).json()).toEqual([{ user: 'tester', role: 'owner', memberId: null }]);
    expect(ok(await club.club(['access', 'list', '--csv'])).stdout).toBe('user,role,memberId\r\ntester,owner,\r\n');
    expect(ok(await club.club(['access', 'list'])).stdout).toMatch(/用户.*角色.*成员/);
  });

  it('access is the owner’s alone', async () => {
    const r = await as('admin', ['access', 'list']);
    expect(r.code).toBe(5);
    expect(r.json().error.code).toBe('forbidden');
  });

  it('grant and revoke exit 1 on a folder store: it has no logins', async () => {
    const before = snapshot(club.dir);
    for (const argv of [['access', 'grant', 'bob', '--role', 'clerk', '--member', '杨洪勇'], ['access', 'grant', 'bob', '--role', 'viewer'], ['access', 'revoke', 'bob']]) {
      const r = await club.club([...argv, '--json']);
      expect(r.code).toBe(1);
      expect(r.json().error.code).toBe('rule');
      expect(r.stderr).toContain('文件夹存储没有登录名');
    }
    expect(snapshot(club.dir)).toEqual(before);
  });

  it('grant takes only an access role, and a member that exists', async () => {
    expect((await club.club(['access', 'grant', 'bob', '--role', 'boss'])).code).toBe(2);
    expect((await club.club(['access', 'grant', 'bob'])).code).toBe(2);
    const r = await club.club(['access', 'grant', 'bob', '--role', 'clerk', '--member', '无此人', '--json']);
    expect(r.code).toBe(1);
    expect(r.json().error.code).toBe('not_found');
  });
});
