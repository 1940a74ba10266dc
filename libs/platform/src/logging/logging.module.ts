import { Module } from '@nestjs/common';
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
  '*.currentPassword',
  '*.newPassword',
  '*.refreshToken',
  '*.passwordHash',
  '*.accessToken',
  '*.jwtSecret',
];

/** A finished request as its log line carries it (written by the api's HTTP layer, see apps/api/src/http/request-logging.ts). */
export interface RequestLogFields {
  req: { id: string; method: string; url: string };
  res: { statusCode: number };
  responseTime: number;
}

/**
 * JSON lines, or readable ones on a terminal (see chooseLogFormat). Requests are logged by the api's
 * HTTP layer, not by a middleware: it makes a per-request logger only where its lines can be written.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const options: Options = {
          level: config.logLevel,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          // the request fields arrive as plain objects: no wrapping around Node's request and response
          wrapSerializers: false,
          serializers: {
            // a finished request's line has all three; the lines logged while it runs carry its id alone
            req: (req: Partial<RequestLogFields['req']>) => (req.url === undefined ? req : { ...req, url: withoutSecrets(req.url) }),
          },
        };
        const pretty = chooseLogFormat(config.logFormat, process.stdout.isTTY === true) === 'pretty';
        return {
          // no route gets pino-http's middleware (nor, on Fastify, the middleware layer it would need)
          forRoutes: [],
          pinoHttp: pretty ? [options, prettyStream()] : options,
        };
      },
    }),
  ],
})
export class LoggingModule {}
