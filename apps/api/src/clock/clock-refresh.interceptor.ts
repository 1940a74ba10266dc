import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, type Observable, switchMap } from 'rxjs';
import { ClockStore } from '@duban/clock';

export const SKIP_CLOCK_REFRESH = 'duban:skipClockRefresh';

/** For handlers that never read the clock and must answer without the database (the health check). */
export const SkipClockRefresh = () => SetMetadata(SKIP_CLOCK_REFRESH, true);

/** In simulated mode, each request first reads the shared clock, so every api process agrees on now. */
@Injectable()
export class ClockRefreshInterceptor implements NestInterceptor {
  constructor(
    private readonly store: ClockStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.store.simulated) return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(SKIP_CLOCK_REFRESH, [context.getHandler(), context.getClass()])) return next.handle();
    return from(this.store.refresh()).pipe(switchMap(() => next.handle()));
  }
}
