// A database club as an older club left it: made with today's `club init`, then what each later schemaVersion added
// taken away again, as the tables' owner would see it (a superuser, triggers off). For schemaVersion 5 the result was
// compared with a club made by the v5 club (commit aada32b): pg_dump of both, data and grants included, is the same
// but for the names and times.
import { sql, superUrl } from './pg.js';

/** What each schemaVersion added to a database club (the version it brought the club to). */
export const ADDED_IN: Record<number, { tables: string[]; views?: string[]; settings: string[]; counters: string[] }> = {
  6: {
    tables: ['activities', 'registrations', 'staff', 'hours'],
    settings: ['approval.types', 'discipline.noShowLimit', 'evaluation.surveyDays'],
    counters: ['hours', 'expense', 'donation', 'donor', 'book', 'reading'],
  },
  7: {
    tables: ['books', 'shelves', 'reading_tasks', 'reading_checkins'],
    settings: ['reading.days', 'reading.bigBookDays', 'reading.missesBeforeRemoval', 'points.readingNote'],
    counters: [],
  },
  8: {
    tables: ['budgets', 'expenses', 'donors', 'donations', 'receipts'],
    views: ['donations_public', 'donors_public'],
    settings: ['currency'],
    counters: [],
  },
  // Nothing in the database: schemaVersion 9 changed the folder store's files (id blocks, calendar.json).
  9: { tables: [], settings: [], counters: [] },
  // Nothing either: schemaVersion 10 gave the folder store an index per collection. A database of version 9 is current
  // (DATA_SCHEMA_VERSION): its owner need not upgrade it.
  10: { tables: [], settings: [], counters: [] },
  // Nor 11: it gave the folder store refs blocks (what each member can be named by).
  11: { tables: [], settings: [], counters: [] },
  // Nor 12: it put the folder store's calendar.json in columns.
  12: { tables: [], settings: [], counters: [] },
};

/** Turns the club in database `db` (of this club's schemaVersion, `current`) into one of schemaVersion `version`. */
export async function makeOldClub(db: string, version: number, current: number): Promise<void> {
  const statements = ['SET session_replication_role = replica'];
  for (let v = current; v > version; v--) {
    const added = ADDED_IN[v];
    if (!added) throw new Error(`pg-old-club.ts does not know what schemaVersion ${v} added`);
    statements.push(
      ...(added.views ?? []).map((view) => `DROP VIEW club.${view}`),
      ...(added.tables.length ? [`DROP TABLE ${added.tables.map((t) => `club.${t}`).join(', ')}`] : []),
      ...(added.settings.length ? [`DELETE FROM club.settings WHERE key IN (${added.settings.map((k) => `'${k}'`).join(', ')})`] : []),
      ...(added.counters.length ? [`DELETE FROM club.counters WHERE name IN (${added.counters.map((k) => `'${k}'`).join(', ')})`] : []),
    );
  }
  statements.push(`UPDATE club.meta SET schema_version = ${version}`);
  await sql(superUrl(db), statements.join(';\n'));
}
