import { SeedService } from '@duban/seed';
import type { TestApp } from './test-app';

/** The unit catalogue and the demo users, without importing the seed table. */
export async function seedUnitsAndUsers(testApp: TestApp): Promise<void> {
  await testApp.app.get(SeedService).seed(undefined, { plans: false });
}
