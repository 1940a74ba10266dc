import type { DataSource } from 'typeorm';
import type { AppConfig } from '@duban/config';
import { DomainError } from '@duban/domain';
import type { IdempotencyKeyStore } from './idempotency-key.store';
import { IdempotencyService } from './idempotency.service';

/** A query runner that records what the service asks of its transaction. */
function fakeRunner() {
  const calls: string[] = [];
  const runner = {
    isTransactionActive: false,
    manager: {},
    startTransaction: () => Promise.resolve(calls.push('BEGIN')).then(() => void (runner.isTransactionActive = true)),
    commitTransaction: () => Promise.resolve(calls.push('COMMIT')).then(() => void (runner.isTransactionActive = false)),
    rollbackTransaction: () => Promise.resolve(calls.push('ROLLBACK')).then(() => void (runner.isTransactionActive = false)),
    release: () => Promise.resolve(),
  };
  return { runner, calls };
}

const request = { userId: '7', key: 'k-1', requestHash: 'h', successStatus: 200 };
const config = { idempotencyKeyTtlSeconds: 86_400 } as AppConfig;

describe('IdempotencyService', () => {
  it('answers 409 idempotency_key_in_use when the first request holds the key past the statement timeout, and writes nothing', async () => {
    const { runner, calls } = fakeRunner();
    const timedOut = Object.assign(new Error('canceling statement due to statement timeout'), { driverError: { code: '57014' } });
    const keys = { claim: () => Promise.reject(timedOut) } as unknown as IdempotencyKeyStore;
    const service = new IdempotencyService({ createQueryRunner: () => runner } as unknown as DataSource, config, keys);
    let wrote = false;
    const refusal = await service
      .run(request, () => {
        wrote = true;
        return Promise.resolve({});
      })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).code).toBe('idempotency_key_in_use');
    expect(wrote).toBe(false);
    expect(calls).toEqual(['BEGIN', 'ROLLBACK']);
  });

  it('replays a stored answer and refuses another request under the key, rolling back either way', async () => {
    const stored = { requestHash: 'h', status: 201, body: { id: '3' } };
    const { runner, calls } = fakeRunner();
    const keys = { claim: () => Promise.resolve(false), find: () => Promise.resolve(stored) } as unknown as IdempotencyKeyStore;
    const service = new IdempotencyService({ createQueryRunner: () => runner } as unknown as DataSource, config, keys);
    const write = () => Promise.reject(new Error('must not run'));
    expect(await service.run(request, write)).toEqual({ kind: 'replayed', status: 201, body: { id: '3' } });
    expect(await service.run({ ...request, requestHash: 'other' }, write)).toEqual({ kind: 'mismatch' });
    expect(calls).toEqual(['BEGIN', 'ROLLBACK', 'BEGIN', 'ROLLBACK']);
  });
});
