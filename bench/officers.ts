import { Client } from 'pg';
import { shuffled } from './bench-support';

/** Officers of the generated dataset logged in through the api: every request carries a real token. */
/** A bearer token from POST /auth/login: authentication is the real one. */
export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login of ${username}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Tokens for `usernames`, two logins at a time (argon2 is deliberately slow). */
export async function loginAll(baseUrl: string, usernames: string[], password: string): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (let start = 0; start < usernames.length; start += 2) {
    const batch = usernames.slice(start, start + 2);
    const got = await Promise.all(batch.map((username) => login(baseUrl, username, password)));
    batch.forEach((username, i) => tokens.set(username, got[i]));
  }
  return tokens;
}

export interface Officer {
  unitId: string;
  userId: string;
  username: string;
  token: string;
}

/**
 * `count` officers of random units of the generated dataset (units 2..U, user `bench-u<unit>`),
 * logged in through the api; `seed` picks which.
 */
export async function loginOfficers(
  baseUrl: string,
  dataset: { databaseUrl: string; password: string; scale: { units: number } },
  count: number,
  seed: number,
): Promise<Officer[]> {
  const unitIds = shuffled(
    Array.from({ length: dataset.scale.units - 1 }, (_, i) => String(i + 2)),
    seed,
  ).slice(0, count);
  const tokens = await loginAll(
    baseUrl,
    unitIds.map((id) => `bench-u${id}`),
    dataset.password,
  );
  const client = new Client({ connectionString: dataset.databaseUrl, application_name: 'duban-bench' });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; unit_id: string }>(
      `SELECT id::text, unit_id::text FROM users WHERE unit_id = ANY($1::bigint[]) AND username LIKE 'bench-u%'`,
      [unitIds],
    );
    const userOf = new Map(rows.map((row) => [row.unit_id, row.id]));
    return unitIds.map((unitId) => ({
      unitId,
      userId: userOf.get(unitId) as string,
      username: `bench-u${unitId}`,
      token: tokens.get(`bench-u${unitId}`) as string,
    }));
  } finally {
    await client.end();
  }
}
