#!/usr/bin/env node
'use strict';
// Reference for `club attendance --from DATE [--to DATE] --json` on a folder store (the bench compares the two, byte
// for byte): every member's attendance at the held sessions of the range, lowest rate first. It reads the blocks of
// sessions, roster and presence (sessions.b0.json, roster.b0.json, …) with JSON.parse and plain loops.
const { activeDays, countMarks, flag, now, readBlockEntries, readBlocks, requireEveryoneAudience, storeDir, localDate, write } = require('./common.cjs');

const dir = storeDir();
const from = flag('from') ?? null;
const to = flag('to') ?? null;
const at = now().getTime();
const sessions = readBlocks(dir, 'sessions');
requireEveryoneAudience(dir, sessions);
const roster = readBlockEntries(dir, 'roster');
const presence = readBlockEntries(dir, 'presence');

// The held sessions of the range: not cancelled, started by now, dated in [from, to).
const heldDate = new Map();
const dates = [];
for (const s of sessions) {
  const date = localDate(s.startsAt);
  if ((from !== null && date < from) || (to !== null && date >= to)) continue;
  if (s.status === 'cancelled' || new Date(s.startsAt).getTime() > at) continue;
  heldDate.set(s.id, date);
  dates.push(date);
}
dates.sort();

const rows = [];
for (const id in roster) {
  const m = roster[id];
  const expected = activeDays(m, dates);
  const row = { memberId: m.id, name: m.name, attended: 0, expected, late: 0, excused: 0, absent: expected, rate: null };
  countMarks(m, presence[m.id], heldDate, row);
  row.rate = row.expected > 0 ? row.attended / row.expected : null;
  if (row.expected > 0 || row.attended > 0) rows.push({ row, rate: row.rate ?? 2, n: Number(m.id.slice(1)) });
}
rows.sort((a, b) => a.rate - b.rate || a.n - b.n);
if (rows.length === 0) write('[]\n');
else write(`[\n${rows.map((r) => JSON.stringify(r.row)).join(',\n')}\n]\n`);
