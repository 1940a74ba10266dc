/** How the clock's tick claims timers (queue names and payloads: the registry in @duban/platform). */
export const TICK_EVERY_MS = 1_000;
export const CLAIMS_PER_TICK = 1_000;
/** the most fire-timer jobs waiting at once; the rest stay pending in PostgreSQL until there is room */
export const MAX_QUEUED_TIMERS = 2_000;
