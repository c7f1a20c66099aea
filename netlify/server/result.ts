/** Success or failure as a value, for I/O whose failure is an expected outcome (STYLE.md §5). */
export type Result<T, E = { name: string }> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** The name of an error, for logs: never its message, which may quote personal data. */
export function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  if (typeof error === 'object' && error !== null && 'name' in error) return String((error as { name: unknown }).name);
  return typeof error;
}
