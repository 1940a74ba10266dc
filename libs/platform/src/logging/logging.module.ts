import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { chooseLogFormat } from './log-format';
import { prettyStream } from './pretty-stream';
import { withoutSecrets } from './log-redaction';

/** Paths that may carry secrets; pino replaces their values before a line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.accessToken',
  '*.jwtSecret',
];

/**
 * Logs with a request id per request (taken from `x-request-id` when the caller sends one):
 * JSON lines, or readable ones on a terminal (see chooseLogFormat).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const options: Options = {
          level: config.logLevel,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          // the HTTP server gave the request its id (from x-request-id or new) and answers it in that header
          genReqId: (req: IncomingMessage & { id?: unknown }) => (typeof req.id === 'string' ? req.id : randomUUID()),
          // the path as sent (the middleware layer may have cut `url` down to the part after its mount point)
          autoLogging: { ignore: (req: IncomingMessage & { originalUrl?: string }) => (req.originalUrl ?? req.url) === '/health' },
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
            error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: withoutSecrets(req.url) }),
          },
        };
        const pretty = chooseLogFormat(config.logFormat, process.stdout.isTTY === true) === 'pretty';
        return {
          // the routes '*' (nestjs-pino's default) covered, in Express 5's spelling: '*' made Nest warn about a legacy route at every start
          forRoutes: [{ path: '/{*path}', method: RequestMethod.ALL }],
          pinoHttp: pretty ? [options, prettyStream()] : options,
        };
      },
    }),
  ],
})
export class LoggingModule {}
