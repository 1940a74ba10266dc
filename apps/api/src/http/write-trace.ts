import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import type { AuthenticatedUser } from '@duban/auth';
import { runTraced, WriteTrace } from '@duban/persistence';
import type { UploadedFileBytes } from './multipart-file.interceptor';

/** What a write's request carries for the exception filter: whether a 503 may have left the write behind. */
export type TracedRequest = FastifyRequest & { user?: AuthenticatedUser; uploadedBytes?: UploadedFileBytes; writeTrace?: WriteTrace };

/**
 * Global: every request but a read records whether a COMMIT may have been sent for it (WriteTrace), so
 * that a 503 can say `outcome: "not_applied"` or `"unknown"`. What runs before it (the guard, the
 * clock's refresh) only reads: a request that failed there, without a trace, wrote nothing.
 */
@Injectable()
export class WriteTraceInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<TracedRequest>();
    if (request.method === 'GET' || request.method === 'HEAD') return next.handle();
    const trace = new WriteTrace();
    request.writeTrace = trace;
    return new Observable((subscriber) => runTraced(trace, () => next.handle().subscribe(subscriber)));
  }
}
