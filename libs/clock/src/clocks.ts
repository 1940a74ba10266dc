import { Clock } from '@duban/domain';

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock an admin moves forward (CLOCK_MODE=simulated); its time is kept in `clock_state`. */
export class SimulatedClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date): void {
    this.current = new Date(instant);
  }
}
