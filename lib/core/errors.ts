// Typed errors: library code throws these; only the main wrapper turns them into exit codes.
export class PaasError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'PaasError';
  }
}

/** Wrong arguments or flags (exit 64, like sysexits EX_USAGE). */
export class UsageError extends PaasError {
  constructor(message: string) {
    super(message, 64);
    this.name = 'UsageError';
  }
}

/** A lock is held and the caller asked not to wait (exit 75, EX_TEMPFAIL). */
export class LockedError extends PaasError {
  constructor(message: string) {
    super(message, 75);
    this.name = 'LockedError';
  }
}

/** The caller's role may not do this (exit 77, sysexits EX_NOPERM); nothing was changed. */
export class AccessError extends PaasError {
  constructor(message: string) {
    super(message, 77);
    this.name = 'AccessError';
  }
}
