import type pretty from 'pino-pretty';

interface RequestLine {
  context?: unknown;
  req?: { method?: unknown; url?: unknown };
  res?: { statusCode?: unknown };
  responseTime?: unknown;
}

/** One short line per log: `[Context] message`, or `GET /url 200 12ms` for a finished request. */
export function prettyMessage(log: Record<string, unknown>, messageKey: string): string {
  const { context, req, res, responseTime } = log as RequestLine;
  if (req && res) return `${String(req.method)} ${String(req.url)} ${String(res.statusCode)} ${String(responseTime)}ms`;
  const message = typeof log[messageKey] === 'string' ? log[messageKey] : '';
  return typeof context === 'string' ? `[${context}] ${message}` : message;
}

/** Logs for a person at a terminal: local time, level, one line each (errors keep their stack). */
export function prettyStream(): pretty.PrettyStream {
  // required here, not on import: a process that writes JSON lines (production) never loads it (~9 MB)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = require('pino-pretty') as typeof pretty;
  return build({
    // written before the process exits, like the JSON lines
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    // the request is in the line itself; process and host say nothing on one's own terminal
    ignore: 'pid,hostname,context,req,res,responseTime',
    messageFormat: prettyMessage,
  });
}
