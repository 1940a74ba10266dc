import { DomainError } from '@duban/domain';
import { ClockStore, SimulatedClock, SystemClock } from '@duban/clock';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { rows } from '../support/medium-fixtures';

const START = new Date('2021-03-01T02:00:00.000Z');

/** The simulated clock shared through `clock_state`: each store below stands for one process (api, worker). */
describe('ClockStore (PostgreSQL)', () => {
  let db: MediumDatabase;

  const shared = async (): Promise<Date[]> => (await rows<{ now: Date }>(db.dataSource, 'SELECT now FROM clock_state')).map((row) => row.now);
  const process = async (start = START): Promise<{ clock: SimulatedClock; store: ClockStore }> => {
    const clock = new SimulatedClock(start);
    const store = new ClockStore(clock, db.dataSource);
    await store.onApplicationBootstrap();
    return { clock, store };
  };

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
  });

  it('the first process to start writes its start time; a later one takes the shared time instead of its own', async () => {
    const api = await process();
    expect(await shared()).toEqual([START]);
    await api.store.moveTo(new Date('2022-01-01T00:00:00Z'));
    const worker = await process(new Date('2021-06-01T00:00:00Z'));
    expect(worker.clock.now()).toEqual(new Date('2022-01-01T00:00:00Z'));
    expect(await shared()).toEqual([new Date('2022-01-01T00:00:00Z')]);
  });

  it('moves forward (or stays), and every process sees the move on refresh', async () => {
    const api = await process();
    const worker = await process();
    await api.store.moveTo(new Date('2022-12-31T16:00:00Z'));
    expect(api.clock.now()).toEqual(new Date('2022-12-31T16:00:00Z'));
    expect(worker.clock.now()).toEqual(START);
    await worker.store.refresh();
    expect(worker.clock.now()).toEqual(new Date('2022-12-31T16:00:00Z'));
    await worker.store.moveTo(new Date('2022-12-31T16:00:00Z'));
    expect(await shared()).toEqual([new Date('2022-12-31T16:00:00Z')]);
  });

  it('refuses to move backwards with a conflict, leaving the shared time, and brings a stale process up to it', async () => {
    const api = await process();
    const worker = await process();
    await api.store.moveTo(new Date('2023-01-01T00:00:00Z'));
    // the worker has not refreshed: it believes it is still 2021, and asks for 2022
    const backwards = worker.store.moveTo(new Date('2022-06-01T00:00:00Z'));
    await expect(backwards).rejects.toBeInstanceOf(DomainError);
    await expect(backwards).rejects.toMatchObject({ kind: 'conflict', code: 'clock_moves_forward' });
    expect(await shared()).toEqual([new Date('2023-01-01T00:00:00Z')]);
    expect(worker.clock.now()).toEqual(new Date('2023-01-01T00:00:00Z'));
  });

  it('in system mode writes nothing and refuses to move, with a conflict', async () => {
    const store = new ClockStore(new SystemClock(), db.dataSource);
    await store.onApplicationBootstrap();
    await store.refresh();
    expect(store.simulated).toBe(false);
    await expect(store.moveTo(new Date('2030-01-01T00:00:00Z'))).rejects.toMatchObject({ kind: 'conflict', code: 'system_clock' });
    expect(await shared()).toEqual([]);
  });
});
