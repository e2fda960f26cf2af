/**
 * The one error hierarchy of pvkit. Every error carries a stable `code` that callers (the CLI,
 * JSON reports, tests) match on; the message is for people and may change.
 * The CLI alone maps errors to exit codes and wording (UsageError → 2, everything else → 1).
 */

export interface PvkitErrorOptions {
  /** The file the problem is in, when there is one: the CLI prefixes it to the message. */
  file?: string;
  cause?: unknown;
}

export class PvkitError extends Error {
  /** Stable machine-readable code, e.g. `E_FORMAT`, `HKD_REVOKED`. */
  readonly code: string;
  readonly file: string | undefined;

  constructor(code: string, message: string, options: PvkitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.file = options.file;
  }

  /** One line for a terminal: `FILE: message` when a file is known. */
  describe(): string {
    return this.file === undefined ? this.message : `${this.file}: ${this.message}`;
  }
}

/** Wrong command-line use (exit status 2). */
export class UsageError extends PvkitError {
  constructor(message: string, options: PvkitErrorOptions = {}) {
    super('E_USAGE', message, options);
  }
}

/** Bad user input that is not a usage error: missing file, wrong key length, wrong curve. */
export class InputError extends PvkitError {
  constructor(message: string, options: PvkitErrorOptions = {}) {
    super('E_INPUT', message, options);
  }
}

/** A binary structure that does not parse: names the structure field and the byte offset at fault. */
export class FormatError extends PvkitError {
  readonly offset: number | undefined;
  readonly field: string | undefined;
  constructor(message: string, where: { offset?: number; field?: string } & PvkitErrorOptions = {}) {
    super('E_FORMAT', message, where);
    this.offset = where.offset;
    this.field = where.field;
  }
}

/** A size or count past what the format allows (too many host keys, header too large, ...). */
export class LimitError extends PvkitError {
  constructor(message: string, options: PvkitErrorOptions = {}) {
    super('E_LIMIT', message, options);
  }
}

/** Authentication failure: a GCM tag that does not verify, a key slot that does not open. */
export class CryptoError extends PvkitError {
  constructor(code: 'E_AUTH' | 'E_KEY' | 'E_NO_SLOT', message: string, options: PvkitErrorOptions = {}) {
    super(code, message, options);
  }
}
