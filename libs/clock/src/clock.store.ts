import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, conflict } from '@duban/domain';
import { SimulatedClock } from './clocks';

/**
 * The only writer of `clock_state`. Shares the simulated clock between processes through PostgreSQL: every api and worker process
 * reads `clock_state`, and moving the clock writes it (forward only). In system mode it does nothing.
 */
@Injectable()
export class ClockStore implements OnApplicationBootstrap {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  get simulated(): boolean {
    return this.clock instanceof SimulatedClock;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!(this.clock instanceof SimulatedClock)) return;
    await this.dataSource.query(`INSERT INTO clock_state (id, now) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, [this.clock.now()]);
    await this.refresh();
  }

  /** Reads the shared simulated time (other processes may have moved it). */
  async refresh(): Promise<void> {
    if (!(this.clock instanceof SimulatedClock)) return;
    const rows: { now: Date }[] = await this.dataSource.query('SELECT now FROM clock_state WHERE id = 1');
    if (rows.length > 0) this.clock.set(rows[0].now);
  }

  /** Moves the simulated clock to `instant`; refused in system mode and backwards. */
  async moveTo(instant: Date): Promise<void> {
    if (!(this.clock instanceof SimulatedClock)) {
      throw conflict('system_clock', 'the clock is the system clock; start with CLOCK_MODE=simulated to move it');
    }
    const rows: { now: Date }[] = await this.dataSource.query(
      `INSERT INTO clock_state (id, now, updated_at) VALUES (1, $1, now())
       ON CONFLICT (id) DO UPDATE SET now = EXCLUDED.now, updated_at = now() WHERE clock_state.now <= EXCLUDED.now
       RETURNING now`,
      [instant],
    );
    if (rows.length === 0) {
      await this.refresh();
      throw conflict('clock_moves_forward', `the clock only moves forward; it is at ${this.clock.now().toISOString()}`);
    }
    this.clock.set(rows[0].now);
  }
}
