import { answer, client, loadSession, restoreSession, saveSession, type InboxCounts, type Session, type Unit } from './api';
import { signal } from './signal';

export const session = signal<Session | null>(loadSession());
/** The open/overdue/unread counts of the user's unit, shown in the header. */
export const inboxCounts = signal<InboxCounts | null>(null);

let units: Promise<Unit[]> | null = null;
/** Every unit, fetched once per sign-in. */
export function allUnits(): Promise<Unit[]> {
  units ??= answer(client.GET('/units')).catch((error: unknown) => {
    units = null;
    throw error;
  });
  return units;
}

/** After an admin changed the catalogue: the next read fetches the units again. */
export function forgetUnits(): void {
  units = null;
}

export function signIn(next: Session): void {
  saveSession(next);
  units = null;
  session.set(next);
}

/** On load: the session the HttpOnly refresh cookie still holds, if any (the token itself was never stored). */
export async function resumeSession(): Promise<void> {
  const restored = await restoreSession();
  // a password an admin set is changed at the login page, which asks for the current one
  if (restored && !restored.mustChangePassword) signIn(restored);
  else saveSession(null);
}

/** The user's own logout: the server ends the session (in every api process), then the page forgets it. */
export async function logOut(): Promise<void> {
  if (loadSession()) await client.POST('/auth/logout').catch(() => undefined);
  signOut();
}

export function signOut(): void {
  saveSession(null);
  units = null;
  inboxCounts.set(null);
  session.set(null);
}

export const hasRole = (current: Session | null, ...roles: string[]): boolean => !!current && current.user.roles.some((role) => roles.includes(role));

/** Refreshes the header's inbox counts (a user without a unit has no inbox). */
export async function refreshInboxCounts(): Promise<void> {
  const current = session.get();
  if (!current?.user.unitId) return inboxCounts.set(null);
  try {
    const page = await answer(client.GET('/inbox', { params: { query: { limit: 1 } } }));
    inboxCounts.set(page.counts);
  } catch {
    inboxCounts.set(null);
  }
}
