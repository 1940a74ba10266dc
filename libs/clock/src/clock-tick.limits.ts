/**
 * How the clock's tick claims timers (how often it ticks: CLOCK_TICK_MS; queue names and payloads:
 * the registry in @duban/platform). Each tick tops the queue up to MAX_QUEUED_TIMERS, so the tick's
 * rate bounds the firing rate: at one tick a second the workers idled at 2,000 timers/s while
 * 100,000 were due.
 */
export const CLAIMS_PER_TICK = 1_000;
/** the most timers waiting in fire jobs at once; the rest stay pending in PostgreSQL until there is room */
export const MAX_QUEUED_TIMERS = 2_000;
/**
 * Timers claimed together are fired together: one job and one transaction for up to this many
 * (a commit and a job's Redis round trips per timer were most of a timer's cost).
 */
export const TIMERS_PER_JOB = 25;
