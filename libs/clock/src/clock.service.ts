import { Injectable } from '@nestjs/common';
import { Clock, invalid } from '@duban/domain';
import { ClockStore } from './clock.store';
import type { ClockView } from './clock.view';
import { TimerFiringService } from './timer-firing.service';

/** Reads the clock, and in simulated mode moves it, firing every timer that comes due on the way. */
@Injectable()
export class ClockService {
  constructor(
    private readonly clock: Clock,
    private readonly store: ClockStore,
    private readonly firing: TimerFiringService,
  ) {}

  async read(): Promise<ClockView> {
    await this.store.refresh();
    const [pendingDue, nextDue] = await Promise.all([this.firing.pendingDue(), this.firing.nextAfterNow()]);
    return { now: this.clock.now().toISOString(), mode: this.store.simulated ? 'simulated' : 'system', pendingDue, nextDueAt: nextDue?.toISOString() ?? null };
  }

  /**
   * Moves the simulated clock to `target`. Timers due by then fire one by one in due order, each
   * with the clock at its own due time, so their effects carry the time they were due.
   */
  async moveTo(target: Date): Promise<ClockView> {
    if (Number.isNaN(target.getTime())) throw invalid('invalid_time', 'now must be a valid date or time');
    await this.store.refresh();
    if (!this.store.simulated) await this.store.moveTo(target); // refused with the reason
    if (target.getTime() < this.clock.now().getTime()) await this.store.moveTo(target); // refused: backwards
    let fired = 0;
    for (let next = await this.firing.nextDue(target); next !== null; next = await this.firing.nextDue(target)) {
      if (next.dueAt.getTime() > this.clock.now().getTime()) await this.store.moveTo(next.dueAt);
      await this.firing.fire(next.id);
      fired += 1;
    }
    await this.store.moveTo(target);
    return { ...(await this.read()), fired };
  }
}
