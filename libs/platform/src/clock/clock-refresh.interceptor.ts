import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { from, type Observable, switchMap } from 'rxjs';
import { ClockStore } from './clock-store';

/** In simulated mode, each request first reads the shared clock, so every api process agrees on now. */
@Injectable()
export class ClockRefreshInterceptor implements NestInterceptor {
  constructor(private readonly store: ClockStore) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.store.simulated) return next.handle();
    return from(this.store.refresh()).pipe(switchMap(() => next.handle()));
  }
}
