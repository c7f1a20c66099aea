/**
 * Structured logs that carry ids and error names only: never a name, an email, an answer or a
 * secret. Callers pass a fixed event name and a small set of safe fields.
 */
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export function createConsoleLogger(write: (line: string) => void = (line) => console.log(line)): Logger {
  const emit = (level: string) => (event: string, fields: LogFields = {}) =>
    write(JSON.stringify({ level, event, ...fields }));
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}
