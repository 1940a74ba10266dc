/** event ids above the watermark the search reads from the events' tail at most; beyond, the worker is behind and the tasks' way is taken */
export const ACTIVITY_TAIL_MAX = 20_000;
/** the unit's tasks from which the walk by activity is taken: for fewer, reading each task's events costs less than the tail */
export const ACTIVITY_MIN_TASKS = 200;
/** the linked tasks the walk reads newest activity first for the floor, at most */
export const ACTIVITY_WALK_MAX = 100;
/** the tasks at or above the floor the way reads, at most (and fewer than half the unit's): else the tasks' way */
export const ACTIVITY_READ_MAX = 1_000;

/**
 * Whether the unit is linked to the task: one probe of the links' key (a scalar subquery, never a join: as an EXISTS, a
 * generic plan hashed the unit's links and read all its rows — 8,161 of a department's before the walk's first)
 */
export function linkOf(task: string, unit: string): string {
  return `COALESCE((SELECT TRUE FROM task_units l WHERE l.task_id = ${task} AND l.unit_id = ${unit}), FALSE)`;
}

export interface ActivityWay {
  /** the rank's index among the statement's ranks (its CTEs' suffix) */
  i: number;
  unit: string;
  take: string;
  /** whether a task is one the unit sees (a hashed set) */
  inMine: (id: string) => string;
  /** a plan's search: a linked task must be in the plan too */
  planned: boolean;
  /** the word test of an event `e`, its index condition and the page's resumption */
  matches: string;
  indexed: string;
  resumed: string[];
}

/**
 * A unit's events rank by its linked tasks' latest activity (`search_unit_activity`, kept by the worker behind the
 * transitions, SearchActivityStore): the way for a word many events hold, for a unit of thousands of tasks, where
 * reading each task's newest events cost 10,000 probes. Its hits are those of the unit's tasks' way, exactly:
 *
 * - above the watermark (events the worker has not reflected yet): the events' tail, newest first by the primary key,
 *   kept when their task is linked to the unit (at most ACTIVITY_TAIL_MAX ids, and taken for a unit of
 *   ACTIVITY_MIN_TASKS tasks or more: `activity.ok`);
 * - at or below it: the linked tasks newest activity first, each task's newest hit, until `take` tasks had one; the
 *   oldest of those hits is a floor with `take` hits at or above it, and every linked task with a hit above the floor
 *   has its row's activity at or above it (a row never says less than its task's newest searchable event up to the
 *   watermark): those tasks are read for their events at or above the floor (the walk's tasks among them);
 * - the tasks the unit sees through an order or the cascade (`others`), task by task as the tasks' way reads them.
 *
 * A row added with its link since the worker's last step says UNKNOWN_ACTIVITY (the greatest bigint), read first; a
 * row whose link is gone is skipped.
 */
export function eventsByActivity({ i, unit, take, inMine, planned, matches, indexed, resumed }: ActivityWay): { ctes: string[]; hits: string; way: string } {
  const watermark = `(SELECT watermark FROM activity${i})`;
  const floor = `(SELECT id FROM floor${i})`;
  // a task the unit sees and is linked to (a row's link may be gone; in a plan's search, its task in another plan): the
  // rows walked are few, each probed (linkOf); the tail's events are first kept when their task is one the unit sees (hashed)
  const isLinked = (id: string, hashedFirst = planned): string => (hashedFirst ? `${inMine(id)} AND ${linkOf(id, unit)}` : linkOf(id, unit));
  const events = (task: string, bounds: string[], limit = take): string =>
    `(SELECT e.id, e.task_id FROM task_events e WHERE ${[`e.task_id = ${task}`, indexed, matches, ...bounds, ...resumed].join(' AND ')}
       ORDER BY e.id DESC LIMIT ${limit})`;
  const activity = `activity${i} AS MATERIALIZED (
       SELECT w.watermark, (SELECT mine FROM scale) >= ${ACTIVITY_MIN_TASKS} AND COALESCE((SELECT max(id) FROM task_events), 0) - w.watermark <= ${ACTIVITY_TAIL_MAX} AS ok
         FROM search_activity_watermark w WHERE w.id = 1
     )`;
  // the walk, newest activity first (its LIMIT: not flattened, so that its order is the walk's), each task's newest hit
  // until `take` tasks had one: the floor is the oldest of those, so `take` hits are at or above it (a task's older hits
  // would lower the floor, and the dataset's tasks' first events are far older than their latest)
  // The way is taken only when it pays (`ok`): the walk found `take` hits among its first ACTIVITY_WALK_MAX tasks, and
  // fewer than ACTIVITY_READ_MAX tasks (and half the unit's) have their activity at or above the floor. A word the
  // recent events do not hold lies far back: every task active since must be read, and the tasks' way reads each once.
  const walked = `floor${i} AS MATERIALIZED (
       SELECT f.id, f.id IS NOT NULL AND (
                SELECT count(*) FROM (SELECT 1 FROM search_unit_activity a WHERE a.unit_id = ${unit} AND a.event_id >= f.id LIMIT ${ACTIVITY_READ_MAX}) x
              ) < LEAST(${ACTIVITY_READ_MAX}, (SELECT mine FROM scale) / 2) AS ok
         FROM (
           SELECT CASE WHEN count(*) >= ${take} THEN min(id) END AS id FROM (
             SELECT d.id FROM (SELECT a.task_id FROM search_unit_activity a WHERE a.unit_id = ${unit} AND a.event_id > 0 AND ${isLinked('a.task_id')}
                                ORDER BY a.event_id DESC LIMIT ${ACTIVITY_WALK_MAX}) w
             CROSS JOIN LATERAL ${events('w.task_id', [`e.id <= ${watermark}`], '1')} d LIMIT ${take}
           ) walked
         ) f
     )`;
  // the tail by the primary key, newest first (OFFSET 0: the word is tested above it, so that a generic plan never
  // reads the word's GIN entry, every event of a common word, for a few hundred events)
  const tail = `SELECT e.id, e.task_id, e.search_grams, e.payload FROM task_events e
                 WHERE ${[`e.id > ${watermark}`, indexed, ...resumed].join(' AND ')} ORDER BY e.id DESC OFFSET 0`;
  const hits = `(SELECT e.id, e.task_id FROM (${tail}) e WHERE ${isLinked('e.task_id', true)} AND ${matches} ORDER BY e.id DESC LIMIT ${take})
     UNION ALL
     SELECT d.id, d.task_id FROM search_unit_activity a CROSS JOIN LATERAL ${events('a.task_id', [`e.id <= ${watermark}`, `e.id >= ${floor}`])} d
      WHERE a.unit_id = ${unit} AND a.event_id >= ${floor} AND ${isLinked('a.task_id')}
     UNION ALL
     SELECT d.id, d.task_id FROM others m CROSS JOIN LATERAL ${events('m.id', [])} d`;
  return { ctes: [activity, walked], hits, way: `COALESCE((SELECT ok FROM activity${i}), FALSE) AND COALESCE((SELECT ok FROM floor${i}), FALSE)` };
}
