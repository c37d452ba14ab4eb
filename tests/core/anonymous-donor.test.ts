// A donor made on the fly by an anonymous first donation is itself anonymous (SPEC §14 "Money"): listed only for
// those who see donors, until a donation in the open or `donor add` names it.
import { describe, expect, it } from 'vitest';
import type { CoreEnv } from '../../src/core/env.js';
import { emptyCounters } from '../../src/core/ids.js';
import { addMember } from '../../src/core/members/lifecycle.js';
import type { MemberState } from '../../src/core/members/lifecycle.js';
import { addDonation, addDonor, donorRows } from '../../src/core/money/donations.js';
import type { DonationState } from '../../src/core/money/donations.js';
import { defaultSettings } from '../../src/core/settings.js';
import { useEnvLang } from '../../src/i18n/index.js';

useEnvLang({ CLUB_LANG: 'en' });
const settings = defaultSettings({ name: '读书会', lang: 'zh', timezone: 'Asia/Shanghai', weekStart: 'monday' });
const env: CoreEnv = { now: new Date('2026-12-05T10:00:00+08:00'), settings, actor: 'admin' };

function club(): DonationState {
  let state: MemberState = { members: [], tasks: [], counters: emptyCounters() };
  for (const name of ['杨洪勇', '雅风']) state = addMember(state, { fields: { name } as never, joined: '2026-01-01', status: 'active' }, env).state;
  return { members: state.members, donors: [], donations: [], counters: state.counters };
}

const give = (state: DonationState, donor: string, anonymous: boolean): DonationState => {
  const r = addDonation(state, { donor, amount: 1000, anonymous, by: null }, env);
  return { ...state, donors: [...r.donors], donations: r.donations, counters: r.counters };
};

describe('an anonymous first donation', () => {
  it('makes an anonymous donor, left out of the list for those who do not see donors', () => {
    const state = give(give(club(), '杨洪勇', false), '雅风', true);
    expect(state.donors.map((d) => [d.id, d.name, d.memberId, d.anonymous])).toEqual([
      ['o1', '杨洪勇', 'm1', false],
      ['o2', '雅风', 'm2', true],
    ]);
    expect(donorRows(state.donors, state.donations, state.members, false).map((r) => r.id)).toEqual(['o1']);
    expect(donorRows(state.donors, state.donations, state.members, true).map((r) => [r.id, r.name, r.total])).toEqual([
      ['o1', '杨洪勇', '10.00'],
      ['o2', '雅风', '10.00'],
    ]);
  });

  it('stays anonymous through more anonymous gifts, and is named by one in the open', () => {
    const twice = give(give(club(), '雅风', true), '雅风', true);
    expect(twice.donors.map((d) => d.anonymous)).toEqual([true]);
    const open = give(twice, 'o1', false);
    expect(open.donors).toMatchObject([{ id: 'o1', name: '雅风', anonymous: false }]);
    expect(open.donations.map((d) => d.donorId)).toEqual(['o1', 'o1', 'o1']);
  });

  it('is named by donor add for its member, without a second donor', () => {
    const state = give(club(), '雅风', true);
    const r = addDonor(state, { name: '雅风', member: 'm2' }, env);
    expect(r.created).toBe(false);
    expect(r.donors).toMatchObject([{ id: 'o1', memberId: 'm2', anonymous: false }]);
    expect(r.counters).toBe(state.counters);
    // A donor in the open is still refused a second time.
    expect(() => addDonor({ ...state, donors: r.donors }, { name: '雅风2', member: 'm2' }, env)).toThrow(/o1/);
  });
});
