#!/usr/bin/env node
'use strict';
// Reference for `club points add m<N> <points> --reason TEXT` on a folder store: the same change, byte for byte (the
// bench compares the two stores after one run of each, and what each prints), made with the least a write that must
// survive a crash can do in this layout. It reads only what the change needs (store.json, the member's block, the
// two indexes, the month's ledger file as text and the member's balances block), with no digest check, validation or
// migration, and appends the entry to the month's file as text. What it keeps is what makes the write safe, because
// a reference without it would measure a different program: a lock (a bare `mkdir lock`, with no owner record and no
// refresh), each changed file written to a temp file and fsynced, a journal as the commit point, the renames and the
// audit line, the folder fsynced. It covers what the bench's runs need and refuses the rest with exit 2 (a missing
// month's file or balance line, an unfinished journal, a held lock, a reason with edges or control characters).
const { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync, constants } = require('node:fs');
const { crc32 } = require('node:zlib');
const { join } = require('node:path');
const { fail, instantIn, now, storeDir } = require('./common.cjs');

const dir = storeDir();
const [id, amount] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const reasonAt = process.argv.indexOf('--reason');
const reason = reasonAt >= 0 ? process.argv[reasonAt + 1] : undefined;
if (!/^m\d+$/.test(id ?? '')) fail('give a member id (m2)');
if (!/^[1-9]\d{0,5}$/.test(amount ?? '')) fail('give the points as a whole number from 1');
if (typeof reason !== 'string' || !/^\S(?:.*\S)?$/u.test(reason) || /[\p{Cc}\u2028\u2029]/u.test(reason) || reason.length > 500) fail('a plain one-line --reason is covered, nothing else');
const actor = process.env.CLUB_ACTOR;
if (!actor || /^m\d+$/.test(actor)) fail('CLUB_ACTOR naming no member id is covered, nothing else');
const points = Number(amount);

const path = (name) => join(dir, name);
try {
  mkdirSync(path('lock'), 0o700);
} catch {
  fail('the store is locked');
}
// Released however the run ends: a refusal below exits at once.
process.on('exit', () => rmdirSync(path('lock')));
change();

function change() {
  try {
    statSync(path('journal.json'));
    fail('an unfinished journal is not covered');
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
  const meta = JSON.parse(readText('store.json'));
  const { lang, timezone } = meta.settings;
  if (lang !== 'zh' && lang !== 'en') fail(`language ${lang} is not covered`);
  const block = Math.floor(Number(id.slice(1)) / 1000);
  const member = JSON.parse(readText(`members.b${block}.json`)).find((m) => m.id === id);
  if (!member || member.purged) fail(`no member ${id} whose points can change`);

  const clock = now();
  const at = instantIn(clock, timezone);
  const counter = meta.counters.ledger + 1;
  const entryId = `p${counter}`;
  const entry = { id: entryId, memberId: id, delta: points, kind: 'award', reason, at, ref: null, rule: null, recordedAt: at };

  // The month's file as text: `[`, one entry a line, `]`; the new entry is the last line.
  const ledgerFile = `ledger.${at.slice(0, 7)}.json`;
  const old = readText(ledgerFile);
  if (!old.endsWith('}\n]\n')) fail(`${ledgerFile} does not end in an entry`);
  const ledgerText = `${old.slice(0, -3)},\n${JSON.stringify(entry)}\n]\n`;

  const balancesFile = `balances.b${block}.json`;
  const balances = JSON.parse(readText(balancesFile));
  if (!(id in balances)) fail(`${id} has no line in ${balancesFile}`);
  balances[id] += points;
  const balancesText = `{\n${Object.entries(balances).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',\n')}\n}\n`;

  const ledgerIndex = setLine(readText('ledger.index.json'), ledgerFile, (span) => ({ digest: digest(ledgerText), from: span.from, to: span.to === null || span.to < clock.toISOString() ? clock.toISOString() : span.to }));
  const balancesIndex = setLine(readText('balances.index.json'), balancesFile, () => ({ digest: digest(balancesText), from: null, to: null }));
  meta.counters.ledger = counter;
  meta.digests['ledger.index.json'] = digest(ledgerIndex);
  meta.digests['balances.index.json'] = digest(balancesIndex);
  const metaText = `${JSON.stringify(meta, null, 2)}\n`;

  const summary = `awarded ${points} ${points === 1 ? 'point' : 'points'} ${id}`;
  // The command line as club records it: the values of --store and --reason withheld.
  const args = process.argv.slice(2);
  const storeAt = args.indexOf('--store');
  const rest = storeAt < 0 ? args : [...args.slice(0, storeAt), ...args.slice(storeAt + 2)];
  const command = [...(storeAt < 0 ? [] : ['--store', '…']), 'points', 'add', ...rest.map((a, i) => (rest[i - 1] === '--reason' ? '…' : a))].join(' ');
  const audit = `${JSON.stringify({ at: clock.toISOString(), actor, command, summary, refs: [id, entryId] })}\n`;

  // 1. Each changed file to a temp file, fsynced. 2. The journal (temp, fsync, rename): the commit point.
  // 3. The renames, the audit line, the folder fsynced, the journal removed.
  const renames = [
    [ledgerFile, ledgerText],
    [balancesFile, balancesText],
    ['ledger.index.json', ledgerIndex],
    ['balances.index.json', balancesIndex],
    ['store.json', metaText],
  ].map(([file, text]) => {
    const tmp = `${file}.${randomHex()}.tmp`;
    createSynced(tmp, text);
    return [tmp, file];
  });
  let auditSize = 0;
  try {
    auditSize = statSync(path('audit.jsonl')).size;
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
  const journalTmp = `.journal.json.${randomHex()}.tmp`;
  createSynced(journalTmp, JSON.stringify({ renames, audit: { offset: auditSize, text: audit } }));
  renameSync(path(journalTmp), path('journal.json'));
  fsyncDir();
  for (const [tmp, file] of renames) renameSync(path(tmp), path(file));
  const fd = openSync(path('audit.jsonl'), constants.O_CREAT | constants.O_WRONLY, 0o600);
  try {
    ftruncateSync(fd, auditSize);
    writeSync(fd, audit, auditSize);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  fsyncDir();
  unlinkSync(path('journal.json'));
  fsyncDir();

  const text = lang === 'zh' ? `+${points} ${id} ${member.name}（${reason}）；余额 ${balances[id]}` : `+${points} ${id} ${member.name} (${reason}); balance ${balances[id]}`;
  process.stderr.write(`✓ ${text}\n`);
}

function readText(name) {
  try {
    return readFileSync(path(name), 'utf8');
  } catch {
    return fail(`no ${name}`);
  }
}

/** An index's text with the line of `file` replaced: `"file":{"digest":…,"from":…,"to":…}`, one entry a line. */
function setLine(text, file, entry) {
  const start = text.indexOf(`\n"${file}":`);
  if (start < 0) fail(`${file} has no line in its index`);
  const end = text.indexOf('\n', start + 1);
  const comma = text[end - 1] === ',' ? ',' : '';
  const old = JSON.parse(text.slice(start + 1 + file.length + 3, end - comma.length));
  const { digest: d, from, to } = entry(old);
  return `${text.slice(0, start + 1)}${JSON.stringify(file)}:${JSON.stringify({ digest: d, from, to })}${comma}${text.slice(end)}`;
}

/** `size:crc32:checksum` of the bytes, as store.json and the indexes record them. */
function digest(text) {
  const buf = Buffer.from(text);
  return `${buf.length}:crc32:${crc32(buf).toString(16).padStart(8, '0')}`;
}

function createSynced(name, text) {
  const fd = openSync(path(name), constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir() {
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A temp file's 16 hex characters, from /dev/urandom (loading node:crypto would cost more than the write). */
function randomHex() {
  const bytes = Buffer.alloc(8);
  const fd = openSync('/dev/urandom', 'r');
  try {
    readSync(fd, bytes, 0, 8, null);
  } finally {
    closeSync(fd);
  }
  return bytes.toString('hex');
}
