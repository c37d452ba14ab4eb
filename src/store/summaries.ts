// What a derived file of one summary per record (roster.json by member, calendar.json by session) changes when a
// command replaces the records.

/** Records whose summary replacing `before` with `after` changes: their new summary, or null when they are gone. */
export function summaryChanges<R extends { id: string }, V>(before: readonly unknown[], after: readonly unknown[], summarise: (record: R) => V): Map<string, V | null> {
  const old = new Map((before as readonly R[]).map((r) => [r.id, r]));
  const changes = new Map<string, V | null>();
  for (const r of after as readonly R[]) {
    const was = old.get(r.id);
    old.delete(r.id);
    // A record the command did not change is the object it read: no need to compare.
    if (was === r) continue;
    const summary = summarise(r);
    if (!was || JSON.stringify(summarise(was)) !== JSON.stringify(summary)) changes.set(r.id, summary);
  }
  for (const id of old.keys()) changes.set(id, null);
  return changes;
}
