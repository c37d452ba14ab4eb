// A zh club in Asia/Shanghai whose commands are run by named people, on a folder store or on a database alike: for
// the scenario tests that pass an activity or a month of money through several hands (tests/commands/competition.test.ts,
// money-month.test.ts). On a folder store a person is `--by NAME` (a member the test adds); on a database, a login
// granted an access role, with no --by (the person is the login). The owner is the store's owner on both.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { AccessRole } from '../../src/core/access.js';
import { dropDatabase, newDatabase, newLogin } from './pg.js';
import { run, tempDir, type RunResult } from './run.js';

export interface ActingClub<Who extends string> {
  kind: 'folder' | 'postgres';
  dir: string;
  /** club ARGV at `now`, in zh, as `who` (the owner when not given). */
  club(argv: string[], now: string, who?: Who | 'owner'): Promise<RunResult>;
  /** The same, expecting exit 0: a failure names the command, the person and what club said. */
  ok(argv: string[], now: string, who?: Who | 'owner'): Promise<RunResult>;
  cleanup(): Promise<void>;
}

export interface ClubSetup<Who extends string> {
  /** The club's name (init --name). */
  name: string;
  /** Names the temp folder (club-LABEL-, club-LABEL-pg-), the database and the logins. */
  label: string;
  /** The club is made at 09:00 on this day (YYYY-MM-DD); the logins get their roles at 09:05. */
  day: string;
  /** Each person: their name on a folder store (--by), their access role on a database (granted in this order). */
  people: Record<Who, { by: string; role: AccessRole }>;
}

function actingClub<Who extends string>(kind: ActingClub<Who>['kind'], dir: string, club: ActingClub<Who>['club'], cleanup: () => Promise<void>): ActingClub<Who> {
  const ok: ActingClub<Who>['ok'] = async (argv, now, who = 'owner') => {
    const r = await club(argv, now, who);
    expect(r.code, `club ${argv.join(' ')} (${who}): ${r.stderr}`).toBe(0);
    return r;
  };
  return { kind, dir, club, ok, cleanup };
}

const initArgs = (setup: ClubSetup<string>) => ['--name', setup.name, '--lang', 'zh', '--timezone', 'Asia/Shanghai'];

/** The club on a folder store: each person is --by their name. */
export async function folderClub<Who extends string>(setup: ClubSetup<Who>): Promise<ActingClub<Who>> {
  const t = tempDir(`club-${setup.label}-`);
  const club: ActingClub<Who>['club'] = (argv, now, who = 'owner') =>
    run(t.dir, who === 'owner' ? argv : [...argv, '--by', setup.people[who].by], { now, env: { CLUB_LANG: 'zh' } });
  const init = await run(t.dir, ['init', ...initArgs(setup)], { now: `${setup.day}T09:00:00+08:00` });
  expect(init.code, init.stderr).toBe(0);
  return actingClub('folder', t.dir, club, async () => t.cleanup());
}

/** The club on a fresh database: each person is a login of their own, granted their role by the owner. */
export async function databaseClub<Who extends string>(setup: ClubSetup<Who>): Promise<ActingClub<Who>> {
  const t = tempDir(`club-${setup.label}-pg-`);
  const d = await newDatabase(setup.label);
  const init = await run(t.dir, ['init', '--store', d.url(), ...initArgs(setup)], { now: `${setup.day}T09:00:00+08:00` });
  expect(init.code, init.stderr).toBe(0);
  const people = Object.keys(setup.people) as Who[];
  const logins = {} as Record<Who, { user: string; password: string }>;
  for (const who of people) logins[who] = await newLogin(`${setup.label}_${who}`);
  const url = (who: Who | 'owner'): string => (who === 'owner' ? d.url() : d.url(logins[who].user, logins[who].password));
  const club: ActingClub<Who>['club'] = (argv, now, who = 'owner') => run(t.dir, argv, { now, env: { CLUB_LANG: 'zh', CLUB_STORE: url(who), CLUB_ACTOR: '' } });
  const c = actingClub('postgres', t.dir, club, async () => {
    t.cleanup();
    await dropDatabase(d.db);
  });
  for (const who of people) await c.ok(['access', 'grant', logins[who].user, '--role', setup.people[who].role], `${setup.day}T09:05:00+08:00`);
  return c;
}

/** Who takes an activity through approval: adds its session, plans and submits it, reviews it, approves it. */
export interface ApprovalChain<Who extends string> {
  add: Who;
  plan: Who;
  review: Who;
  approve: Who;
}

/**
 * Adds the session (the club's next id must be `s.id`) and takes its plan (YAML, written to ID.yaml in the club's
 * folder) through approval, one step a minute from 09:00 on `day`.
 */
export async function approvedActivity<Who extends string>(
  c: ActingClub<Who>,
  s: { id: string; title: string; at: string; type: string; plan: string },
  day: string,
  by: ApprovalChain<Who>,
): Promise<void> {
  writeFileSync(join(c.dir, `${s.id}.yaml`), s.plan);
  await c.ok(['session', 'add', s.title, '--at', s.at, '--type', s.type], `${day}T09:00:00+08:00`, by.add);
  await c.ok(['activity', 'plan', s.id, '--file', `${s.id}.yaml`], `${day}T09:01:00+08:00`, by.plan);
  await c.ok(['activity', 'submit', s.id], `${day}T09:02:00+08:00`, by.plan);
  await c.ok(['activity', 'review', s.id, '--ok'], `${day}T09:03:00+08:00`, by.review);
  await c.ok(['activity', 'approve', s.id], `${day}T09:04:00+08:00`, by.approve);
}
