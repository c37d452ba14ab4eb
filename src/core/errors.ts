// Typed errors. Every failure a person can act on is one of these; src/cli.ts maps them to exit codes (SPEC §3).

export type ErrorCode =
  | 'usage'
  | 'not_found'
  | 'ambiguous'
  | 'rule'
  | 'store_missing'
  | 'store_invalid'
  | 'store_too_new'
  | 'store_io'
  | 'store_busy'
  | 'cancelled';

export abstract class ClubError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** Bad flags, values or missing arguments: exit 2. */
export class UsageError extends ClubError {
  readonly code = 'usage' as const;
  readonly exitCode = 2;
}

/** A referenced thing does not exist: exit 1. */
export class NotFoundError extends ClubError {
  readonly code = 'not_found' as const;
  readonly exitCode = 1;
}

/** A reference matches more than one thing: exit 1, listing the candidates. */
export class AmbiguousError extends ClubError {
  readonly code = 'ambiguous' as const;
  readonly exitCode = 1;
  readonly candidates: string[];

  constructor(message: string, candidates: string[], hint?: string) {
    super(`${message}\n${candidates.map((c) => `  ${c}`).join('\n')}`, hint);
    this.candidates = candidates;
  }
}

/** A club rule refuses the request (status transition, limits, balance): exit 1. */
export class RuleError extends ClubError {
  readonly code = 'rule' as const;
  readonly exitCode = 1;
}

export type StoreErrorCode = 'store_missing' | 'store_invalid' | 'store_too_new' | 'store_io';

/** The store is missing, invalid, too new, or could not be written: exit 3. */
export class StoreError extends ClubError {
  readonly code: StoreErrorCode;
  readonly exitCode = 3;

  constructor(code: StoreErrorCode, message: string, hint?: string) {
    super(message, hint);
    this.code = code;
  }
}

/** The store lock could not be taken in time: exit 4. */
export class StoreBusyError extends ClubError {
  readonly code = 'store_busy' as const;
  readonly exitCode = 4;
}

/** The person cancelled at a prompt (Ctrl-C): exit 130. */
export class CancelledError extends ClubError {
  readonly code = 'cancelled' as const;
  readonly exitCode = 130;
}
