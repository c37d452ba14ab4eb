// Donors and donations (SPEC §10, §14 "Money"): people and organisations, members or not, who give money, things,
// or both. DONOR is a donor's id (o3), a donor's exact name, or a member reference: a member who has no donor yet
// becomes one on the spot (the member's donor); a new name that is no member is refused, so that a typo never makes
// a second donor (`club donor add NAME` first). An anonymous donation keeps its donor for those who keep the money
// (roles that include the treasurer's) and for the thank-you letter; everyone and everything else sees 匿名 / Anonymous.
import type { CoreEnv } from '../env.js';
import { nowInstant, today } from '../env.js';
import { AmbiguousError, NotFoundError, RuleError, UsageError } from '../errors.js';
import { allocateId, compareIds } from '../ids.js';
import { foldReference, idOfReference, resolveMember } from '../members/reference.js';
import { oneLineText } from '../text.js';
import type { Counters, Member } from '../types.js';
import { t } from '../../i18n/index.js';
import { formatAmount } from './amount.js';
import type { Donation, Donor } from './types.js';

/** The longest a donor's name, a purpose or a gift in kind may be. */
export const MAX_DONOR_NAME = 100;
export const MAX_DONATION_TEXT = 200;

type MemberNames = ReadonlyArray<Pick<Member, 'id' | 'name'>>;

/** A donor's name as people see it: a member's donor goes by the member's current name. */
export function donorName(donor: Donor, members: MemberNames): string {
  if (donor.memberId === null) return donor.name;
  return members.find((m) => m.id === donor.memberId)?.name ?? donor.name;
}

export interface DonorState {
  donors: readonly Donor[];
  members: readonly Member[];
  counters: Counters;
}

export interface AddDonorInput {
  name: string;
  organisation?: boolean | undefined;
  /** A member reference: the donor is that member. */
  member?: string | undefined;
}

function newDonor(state: DonorState, fields: Omit<Donor, 'id' | 'createdAt'>, env: CoreEnv): { donors: Donor[]; donor: Donor; counters: Counters } {
  const { id, counters } = allocateId(state.counters, 'donor');
  const donor: Donor = { id, ...fields, createdAt: nowInstant(env) };
  return { donors: [...state.donors, donor], donor, counters };
}

/** The donor named in the open: no longer anonymous (a donation not anonymous, or `donor add`). */
function named(donors: readonly Donor[], donor: Donor, fields: Partial<Donor> = {}): { donors: Donor[]; donor: Donor } {
  const now = { ...donor, ...fields, anonymous: false };
  return { donors: donors.map((d) => (d === donor ? now : d)), donor: now };
}

/**
 * `club donor add`: a new donor; refused (exit 1) when one by that name, or for that member, exists already — unless
 * that one is anonymous (made by an anonymous first donation): then it is named, by this name, and `created` is false.
 */
export function addDonor(state: DonorState, input: AddDonorInput, env: CoreEnv): { donors: Donor[]; donor: Donor; counters: Counters; created: boolean } {
  const name = oneLineText('name', input.name, MAX_DONOR_NAME);
  if (!name) throw new UsageError(t('donor.emptyName'));
  if (/^o\d+$/i.test(name) || idOfReference(name) !== null) throw new UsageError(t('donor.idLikeName', { name: JSON.stringify(name) }));
  const member = input.member === undefined ? null : resolveMember(state.members, input.member);
  if (member && input.organisation) throw new UsageError(t('donor.memberOrganisation'));
  if (member) {
    const linked = state.donors.find((d) => d.memberId === member.id);
    if (linked?.anonymous) return { ...named(state.donors, linked, { name }), counters: state.counters, created: false };
    if (linked) throw new RuleError(t('donor.memberExists', { member: member.id, id: linked.id }));
  }
  const key = foldReference(name);
  const same = state.donors.find((d) => foldReference(donorName(d, state.members)) === key || foldReference(d.name) === key);
  const kind = input.organisation ? 'organisation' : 'person';
  if (same?.anonymous && (member === null || same.memberId === member.id)) return { ...named(state.donors, same, { name, kind }), counters: state.counters, created: false };
  if (same) throw new RuleError(t('donor.exists', { name, id: same.id }), t('donor.existsHint'));
  return { ...newDonor(state, { name, kind, memberId: member?.id ?? null, anonymous: false }, env), created: true };
}

/**
 * The donor DONOR names: an o-id, a donor's exact name (case-insensitive), else a member reference, whose donor is
 * returned or, when the member has none, made (`created`; anonymous when made for an `anonymous` donation).
 * NotFoundError for anything else.
 */
export function resolveDonor(state: DonorState, ref: string, env: CoreEnv, anonymous = false): { donors: readonly Donor[]; donor: Donor; counters: Counters; created: boolean } {
  const trimmed = ref.trim();
  const byId = /^o\d+$/i.test(trimmed) ? state.donors.find((d) => d.id === trimmed.toLowerCase()) : undefined;
  if (byId) return { donors: state.donors, donor: byId, counters: state.counters, created: false };
  const key = foldReference(trimmed);
  const named = key ? state.donors.filter((d) => foldReference(donorName(d, state.members)) === key || foldReference(d.name) === key) : [];
  if (named.length === 1) return { donors: state.donors, donor: named[0]!, counters: state.counters, created: false };
  if (named.length > 1) throw new AmbiguousError(t('donor.ambiguous', { ref: JSON.stringify(ref), count: named.length }), named.map((d) => `${d.id} ${donorName(d, state.members)}`));
  let member: Member;
  try {
    member = resolveMember(state.members, trimmed);
  } catch (err) {
    if (err instanceof NotFoundError) throw new NotFoundError(t('donor.notFound', { ref: JSON.stringify(ref) }), t('donor.notFoundHint'));
    throw err;
  }
  const linked = state.donors.find((d) => d.memberId === member.id);
  if (linked) return { donors: state.donors, donor: linked, counters: state.counters, created: false };
  const made = newDonor(state, { name: member.name, kind: 'person', memberId: member.id, anonymous }, env);
  return { ...made, created: true };
}

export interface DonationState extends DonorState {
  donations: readonly Donation[];
}

export interface AddDonationInput {
  donor: string;
  /** Integer fen (parseAmount), or undefined for a gift in kind only. */
  amount?: number | undefined;
  /** The day it was received (club zone); today when absent. */
  date?: string | null | undefined;
  purpose?: string | undefined;
  inKind?: string | undefined;
  anonymous?: boolean | undefined;
  by: string | null;
}

/** `club donation add`: money, a gift in kind, or both; the donor found or made as resolveDonor says. */
export function addDonation(
  state: DonationState,
  input: AddDonationInput,
  env: CoreEnv,
): { donations: Donation[]; donors: readonly Donor[]; donation: Donation; donor: Donor; createdDonor: boolean; counters: Counters } {
  const inKind = input.inKind === undefined ? null : oneLineText('--in-kind', input.inKind, MAX_DONATION_TEXT) || null;
  const purpose = input.purpose === undefined ? null : oneLineText('--purpose', input.purpose, MAX_DONATION_TEXT) || null;
  if (input.amount === undefined && inKind === null) throw new UsageError(t('donation.nothingGiven'), t('donation.nothingGivenHint'));
  const anonymous = input.anonymous === true;
  const resolved = resolveDonor(state, input.donor, env, anonymous);
  // A donor made by an anonymous gift is named by the first gift in the open.
  const found = resolved.donor.anonymous && !anonymous ? { ...resolved, ...named(resolved.donors, resolved.donor) } : resolved;
  const { id, counters } = allocateId(found.counters, 'donation');
  const donation: Donation = {
    id,
    donorId: found.donor.id,
    amount: input.amount ?? null,
    inKind,
    date: input.date ?? today(env),
    purpose,
    anonymous,
    thankedAt: null,
    at: nowInstant(env),
    by: input.by,
  };
  return { donations: [...state.donations, donation], donors: found.donors, donation, donor: found.donor, createdDonor: found.created, counters };
}

/** The donation `ref` (d3) names; NotFoundError when there is none. */
export function findDonation(donations: readonly Donation[], ref: string): Donation {
  const id = ref.trim().toLowerCase();
  const found = donations.find((d) => d.id === id);
  if (!found) throw new NotFoundError(t('donation.notFound', { ref: JSON.stringify(ref) }), t('donation.notFoundHint'));
  return found;
}

/**
 * Marks a donation thanked, now. Thanking again reprints the letter and keeps the first thankedAt (`again`), so
 * `--unthanked` and the reports say when the donor was first thanked.
 */
export function thankDonation(donations: readonly Donation[], ref: string, env: CoreEnv): { donations: Donation[]; donation: Donation; again: boolean } {
  const found = findDonation(donations, ref);
  if (found.thankedAt !== null) return { donations: [...donations], donation: found, again: true };
  const donation = { ...found, thankedAt: nowInstant(env) };
  return { donations: donations.map((d) => (d === found ? donation : d)), donation, again: false };
}

/** One donation as lists, JSON and CSV show it. */
export interface DonationRow {
  id: string;
  /** null when hidden: an anonymous donation shown to someone who does not keep the money, or in a report. */
  donorId: string | null;
  donor: string;
  amount: string | null;
  inKind: string | null;
  date: string;
  purpose: string | null;
  anonymous: boolean;
  thankedAt: string | null;
}

export interface DonationFilter {
  from?: string | null | undefined;
  to?: string | null | undefined;
  unthanked?: boolean | undefined;
}

/**
 * Donations by date (then id), filtered; an anonymous donation shows its donor only when `seesDonors` (the
 * treasurer's view), else `anonymousLabel` and no donorId.
 */
export function donationRows(donations: readonly Donation[], donors: readonly Donor[], members: MemberNames, opts: DonationFilter & { seesDonors: boolean; anonymousLabel: string }): DonationRow[] {
  const donorById = new Map(donors.map((d) => [d.id, d]));
  return donations
    .filter((d) => (!opts.from || d.date >= opts.from) && (!opts.to || d.date < opts.to) && (!opts.unthanked || d.thankedAt === null))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : compareIds(a.id, b.id)))
    .map((d) => {
      const hidden = d.anonymous && !opts.seesDonors;
      const donor = d.donorId === null ? undefined : donorById.get(d.donorId);
      return {
        id: d.id,
        donorId: hidden ? null : d.donorId,
        donor: hidden || d.donorId === null ? opts.anonymousLabel : donor ? donorName(donor, members) : d.donorId,
        amount: d.amount === null ? null : formatAmount(d.amount),
        inKind: d.inKind,
        date: d.date,
        purpose: d.purpose,
        anonymous: d.anonymous,
        thankedAt: d.thankedAt,
      };
    });
}

/**
 * One donor as `donor list` shows it, with what they gave (anonymous gifts counted only for `seesDonors`); an
 * anonymous donor (known by anonymous gifts only) is listed only for `seesDonors`.
 */
export interface DonorRow {
  id: string;
  name: string;
  kind: Donor['kind'];
  memberId: string | null;
  donations: number;
  total: string;
}

export function donorRows(donors: readonly Donor[], donations: readonly Donation[], members: MemberNames, seesDonors: boolean): DonorRow[] {
  return donors
    .filter((donor) => seesDonors || !donor.anonymous)
    .sort((a, b) => compareIds(a.id, b.id))
    .map((donor) => {
      const given = donations.filter((d) => d.donorId === donor.id && (seesDonors || !d.anonymous));
      return {
        id: donor.id,
        name: donorName(donor, members),
        kind: donor.kind,
        memberId: donor.memberId,
        donations: given.length,
        total: formatAmount(given.reduce((n, d) => n + (d.amount ?? 0), 0)),
      };
    });
}

/** What the thank-you letter template (thanks.<lang>) receives. */
export interface ThanksLetter {
  lang: 'zh' | 'en';
  club: string;
  donor: { id: string; name: string; kind: Donor['kind']; memberId: string | null };
  donation: { id: string; date: string; amount: string | null; currency: string; inKind: string | null; purpose: string | null; anonymous: boolean };
  /** The day the letter is printed (club zone). */
  issued: string;
  /** When the donation was first thanked; null before this letter marks it. */
  thankedAt: string | null;
}

/** The letter's data: the donor by name, anonymous or not (the letter goes to the donor). */
export function thanksLetter(donation: Donation, donors: readonly Donor[], members: MemberNames, env: CoreEnv, lang: 'zh' | 'en'): ThanksLetter {
  const donor = donors.find((d) => d.id === donation.donorId);
  if (!donor) throw new NotFoundError(t('donation.noDonor', { id: donation.id }));
  return {
    lang,
    club: env.settings.name,
    donor: { id: donor.id, name: donorName(donor, members), kind: donor.kind, memberId: donor.memberId },
    donation: {
      id: donation.id,
      date: donation.date,
      amount: donation.amount === null ? null : formatAmount(donation.amount),
      currency: env.settings.currency,
      inKind: donation.inKind,
      purpose: donation.purpose,
      anonymous: donation.anonymous,
    },
    issued: today(env),
    thankedAt: donation.thankedAt,
  };
}
