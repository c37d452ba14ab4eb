// Members by id, built once per members array: every section of a report looks names up, and a large club has
// 10,000 members or more (one map, not one per section).
const indexes = new WeakMap<readonly { id: string }[], ReadonlyMap<string, { id: string }>>();

export function memberIndex<M extends { id: string }>(members: readonly M[]): ReadonlyMap<string, M> {
  let index = indexes.get(members);
  if (!index) indexes.set(members, (index = new Map(members.map((m) => [m.id, m]))));
  return index as ReadonlyMap<string, M>;
}
