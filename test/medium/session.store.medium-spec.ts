import { SessionStore } from '@duban/auth';
import { hashRefreshSecret, newRefreshToken, newSessionId } from '@duban/auth/refresh-token';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { insertUser, rows } from '../support/medium-fixtures';

describe('SessionStore (user_sessions on PostgreSQL)', () => {
  let db: MediumDatabase;
  const store = new SessionStore();
  let userId: string;

  const open = async (lifetimeHours = 12): Promise<{ id: string; hash: string }> => {
    const id = newSessionId();
    const hash = hashRefreshSecret(newRefreshToken(id).secret);
    await store.open(db.dataSource.manager, { id, userId, refreshHash: hash, lifetimeHours });
    return { id, hash };
  };
  const lock = (id: string) => db.dataSource.transaction((manager) => store.lock(manager, id));

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    userId = await insertUser(db.dataSource, { username: 'someone', unitId: null, roles: ['viewer'] });
  });

  it('opens a live session and rotates its hash, keeping the one it replaced as recent', async () => {
    const { id, hash } = await open();
    expect(await lock(id)).toMatchObject({ id, user_id: userId, refresh_hash: hash, previous_refresh_hash: null, rotated_recently: false, live: true });
    await store.rotate(db.dataSource.manager, id, 'b'.repeat(64));
    expect(await lock(id)).toMatchObject({ refresh_hash: 'b'.repeat(64), previous_refresh_hash: hash, rotated_recently: true, live: true });
  });

  it('a session past its lifetime is no longer live (wall clock: the database’s now())', async () => {
    const { id } = await open();
    await db.dataSource.query(`UPDATE user_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    expect((await lock(id))?.live).toBe(false);
  });

  it('ends one session once, with its reason; ends every live session of a user, and counts them', async () => {
    const first = await open();
    const second = await open();
    const third = await open();
    expect(await store.end(db.dataSource.manager, first.id, 'logout')).toBe(true);
    expect(await store.end(db.dataSource.manager, first.id, 'reuse_detected')).toBe(false);
    expect(await store.endAllOf(db.dataSource.manager, userId, 'password_changed')).toBe(2);
    expect(await rows(db.dataSource, 'SELECT id::text, end_reason FROM user_sessions ORDER BY created_at, id')).toEqual(
      expect.arrayContaining([
        { id: first.id, end_reason: 'logout' },
        { id: second.id, end_reason: 'password_changed' },
        { id: third.id, end_reason: 'password_changed' },
      ]),
    );
    expect((await lock(second.id))?.live).toBe(false);
    // an ended session is not rotated back to life
    await store.rotate(db.dataSource.manager, second.id, 'c'.repeat(64));
    expect((await lock(second.id))?.refresh_hash).toBe(second.hash);
  });
});
