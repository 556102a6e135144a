/** Marks errors raised by the worker itself rather than by user code. */
export interface SystemErrorFlag {
  readonly isAzureFunctionsSystemError: true;
}

/** An error of the worker (not of the user's code). */
export class WorkerSystemError extends Error implements SystemErrorFlag {
  readonly isAzureFunctionsSystemError = true as const;
}

/** A RangeError of the worker, such as an unknown hook name or enum string. */
export class WorkerRangeError extends RangeError implements SystemErrorFlag {
  readonly isAzureFunctionsSystemError = true as const;
}

/** Assigning a read-only property of a hook context. */
export class ReadOnlyError extends TypeError implements SystemErrorFlag {
  readonly isAzureFunctionsSystemError = true as const;

  constructor(property: string) {
    super(`Cannot assign to read only property '${property}'`);
  }
}

/** True when the value was flagged as a worker error (by us or by a programming model). */
export function isSystemError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { isAzureFunctionsSystemError?: unknown }).isAzureFunctionsSystemError === true
  );
}
