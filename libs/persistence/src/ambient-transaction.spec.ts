import type { EntityManager } from 'typeorm';
import { ambientTransaction, mayWrite, noteMayHaveApplied, runInAmbientTransaction, runTraced, WriteTrace } from './ambient-transaction';

const manager = { queryRunner: { isReleased: false } } as unknown as EntityManager;

describe('the ambient transaction of a keyed request', () => {
  it('is joined while the work runs, and no longer by a timer the work left behind', async () => {
    let later: Promise<EntityManager | undefined> = Promise.resolve(undefined);
    const run = await runInAmbientTransaction(
      manager,
      () => {
        later = new Promise((resolve) => setTimeout(() => resolve(ambientTransaction()), 20));
        return Promise.resolve(ambientTransaction());
      },
      false,
    );
    expect(run.settled).toEqual({ status: 'fulfilled', value: manager });
    expect(await later).toBeUndefined();
    expect(ambientTransaction()).toBeUndefined();
  });

  it('leaves the COMMIT to its owner: a commit noted inside it does not mark the request', async () => {
    const trace = new WriteTrace();
    await runTraced(trace, () => runInAmbientTransaction(manager, () => Promise.resolve(noteMayHaveApplied()), false));
    expect(trace.mayHaveApplied).toBe(false);
    runTraced(trace, () => noteMayHaveApplied());
    expect(trace.mayHaveApplied).toBe(true);
  });
});

describe('mayWrite', () => {
  it('takes a statement that only reads for one that cannot have written', () => {
    expect(mayWrite('  SELECT 1')).toBe(false);
    expect(mayWrite('UPDATE users SET disabled = true')).toBe(true);
    expect(mayWrite('WITH moved AS (UPDATE tasks SET x = 1) SELECT 1')).toBe(true);
  });
});
