import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from '@duban/auth';
import { runTraced, WriteTrace } from '@duban/persistence';
import type { UploadedFileBytes } from './multipart-file.interceptor';

/** What a write's request carries for the exception filter: whether a 503 may have left the write behind. */
export type TracedRequest = FastifyRequest & { user?: AuthenticatedUser; uploadedBytes?: UploadedFileBytes; writeTrace?: WriteTrace };

const READS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/**
 * Every request but a read records whether a COMMIT may have been sent for it (WriteTrace), so that a 503 can say
 * `outcome: "not_applied"` or `"unknown"`. The trace wraps the route's whole handler, the guard and the clock's
 * refresh included: they only read (a SELECT never marks the trace), so a request that failed there still says
 * `not_applied`. Done on Fastify's routes rather than as a global Nest interceptor: with no global interceptor a
 * read runs no interceptor chain at all (rxjs and an AsyncResource per interceptor, 5 % of the api's CPU on a read).
 */
export function traceWrites(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (methods.every((method) => READS.has(method))) return;
      const handler = route.handler;
      route.handler = function traced(this: unknown, request: TracedRequest, ...rest: unknown[]) {
        if (READS.has(request.method)) return handler.call(this as never, request, ...(rest as [never]));
        const trace = new WriteTrace();
        request.writeTrace = trace;
        return runTraced(trace, () => handler.call(this as never, request, ...(rest as [never])));
      };
    });
}
