import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, type Observable, switchMap } from 'rxjs';
import { type AuthenticatedUser, SecurityAuditService } from '@duban/auth';

/**
 * Records every export and document download (`export_downloaded`) in the security audit: who took
 * which file of which plan or task, from where. Recorded once the file is built, before it is sent; a
 * refused request (403, 404) records nothing.
 */
@Injectable()
export class ExportAuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: SecurityAuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user: AuthenticatedUser }>();
    return next.handle().pipe(
      switchMap((file: unknown) =>
        from(
          this.audit
            .record({
              kind: 'export_downloaded',
              userId: request.user.id,
              username: request.user.username,
              address: request.ip,
              detail: { route: request.routeOptions.url, params: request.params, query: request.query },
            })
            .then(() => file),
        ),
      ),
    );
  }
}
