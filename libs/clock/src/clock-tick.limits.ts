/**
 * How the clock's tick claims timers (how often it ticks: CLOCK_TICK_MS; queue names and payloads:
 * the registry in @duban/platform). Each tick tops the queue up to MAX_QUEUED_TIMERS, so the tick's
 * rate bounds the firing rate at MAX_QUEUED_TIMERS per tick: at one tick a second and 2,000 queued the
 * workers idled at 2,000 timers/s while 100,000 were due.
 */
export const CLAIMS_PER_TICK = 2_500;
/**
 * the most timers waiting in fire jobs at once; the rest stay pending in PostgreSQL until there is room.
 * Claims lapse after TIMER_LEASE_SECONDS (20 s): the workers must start these within it, so they are
 * a few seconds of work at the slowest rate measured (about 2,500/s after a worker restart in the
 * reliability suite), and a multiple of what 2 workers fire between two ticks.
 */
export const MAX_QUEUED_TIMERS = 10_000;
/**
 * Timers claimed together are fired together: one job and one transaction for up to this many. A
 * commit, a job's Redis round trips and each statement's own cost were most of a timer's cost at one
 * per job, and still a third of it at 25 (see docs/clock.md). The price: a chunk's tasks stay locked
 * for its transaction, tens of milliseconds, so a user's transition on one of them may wait that long.
 */
export const TIMERS_PER_JOB = 250;
