// A session's registrations as people read them (SPEC §9): places in order of `at` (the commit time under the lock),
// the waitlist with positions in the same order, and cancellations apart.
import type { Registration } from './types.js';

export interface RegistrationView {
  registered: Registration[];
  /** In waitlist order; position = index + 1. */
  waitlisted: Registration[];
  cancelled: Registration[];
}

// By instant, not by text: `at` may carry milliseconds (register.ts keeps arrivals 1 ms apart), and "…00Z" sorts
// after "…00.001Z" as text.
const byArrival = (a: Registration, b: Registration): number => Date.parse(a.at) - Date.parse(b.at) || Number(a.memberId.slice(1)) - Number(b.memberId.slice(1));

export function registrationsOf(registrations: readonly Registration[], sessionId: string): RegistrationView {
  const mine = registrations.filter((r) => r.sessionId === sessionId).sort(byArrival);
  return {
    registered: mine.filter((r) => r.status === 'registered'),
    waitlisted: mine.filter((r) => r.status === 'waitlisted'),
    cancelled: mine.filter((r) => r.status === 'cancelled'),
  };
}
