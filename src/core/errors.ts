// Typed errors. Every failure a person can act on is one of these, with a stable code; EXIT_CODES below is the one
// map from code to exit status (README, "Exit codes"), which src/cli.ts applies.

export type ErrorCode =
  | 'usage'
  | 'not_found'
  | 'ambiguous'
  | 'rule'
  | 'store_missing'
  | 'store_invalid'
  | 'store_too_new'
  | 'store_too_old'
  | 'store_io'
  | 'store_busy'
  | 'store_unavailable'
  | 'forbidden'
  | 'cancelled';

/** Exit statuses that are not an error's: success, and a bug (an internal error, as sysexits' EX_SOFTWARE). */
export const EXIT = { ok: 0, refused: 1, usage: 2, store: 3, busy: 4, forbidden: 5, cancelled: 130, internal: 70 } as const;

/** The exit status of each error code. The only place they are set. */
export const EXIT_CODES = {
  usage: EXIT.usage,
  not_found: EXIT.refused,
  ambiguous: EXIT.refused,
  rule: EXIT.refused,
  store_missing: EXIT.store,
  store_invalid: EXIT.store,
  store_too_new: EXIT.store,
  store_too_old: EXIT.store,
  store_io: EXIT.store,
  store_busy: EXIT.busy,
  store_unavailable: EXIT.store,
  forbidden: EXIT.forbidden,
  cancelled: EXIT.cancelled,
} as const satisfies Record<ErrorCode, number>;

export abstract class ClubError extends Error {
  abstract readonly code: ErrorCode;
  readonly hint: string | undefined;

  /** The process's exit status for this error, from EXIT_CODES. */
  get exitCode(): number {
    return EXIT_CODES[this.code];
  }

  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** Bad flags, values or missing arguments: exit 2. */
export class UsageError extends ClubError {
  readonly code = 'usage' as const;
}

/** A referenced thing does not exist: exit 1. */
export class NotFoundError extends ClubError {
  readonly code = 'not_found' as const;
}

/** A reference matches more than one thing: exit 1, listing the candidates. */
export class AmbiguousError extends ClubError {
  readonly code = 'ambiguous' as const;
  readonly candidates: string[];

  constructor(message: string, candidates: string[], hint?: string) {
    super(`${message}\n${candidates.map((c) => `  ${c}`).join('\n')}`, hint);
    this.candidates = candidates;
  }
}

/** A club rule refuses the request (status transition, limits, balance): exit 1. */
export class RuleError extends ClubError {
  readonly code = 'rule' as const;
}

export type StoreErrorCode = 'store_missing' | 'store_invalid' | 'store_too_new' | 'store_too_old' | 'store_io' | 'store_unavailable';

/** The store is missing, invalid, too new, or could not be written: exit 3. */
export class StoreError extends ClubError {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, hint?: string) {
    super(message, hint);
    this.code = code;
  }
}

/** The store lock could not be taken in time: exit 4. */
export class StoreBusyError extends ClubError {
  readonly code = 'store_busy' as const;
}

/** The access role of the person running the command may not do this (a database store): exit 5. */
export class ForbiddenError extends ClubError {
  readonly code = 'forbidden' as const;
}

/** The person cancelled at a prompt (Ctrl-C): exit 130. */
export class CancelledError extends ClubError {
  readonly code = 'cancelled' as const;
}
