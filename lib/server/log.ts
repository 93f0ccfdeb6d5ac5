// Structured JSON log lines (one object per line) for requests, audit records and errors, so a
// log pipeline can filter by request id, user or action without parsing prose.

export type LogLevel = 'info' | 'warn' | 'error' | 'audit';

export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}
