import { Query } from 'pg';
import { type DataSource, QueryFailedError } from 'typeorm';
import { poolOf, preparedStatement } from './prepared-query';

/**
 * Sets plan_cache_mode for the current transaction only. A SELECT of set_config rather than `SET LOCAL`: outside
 * BEGIN, SET LOCAL warns (a notice each time) although it acts the same. The volatile call in WHERE runs once and
 * the statement returns no row, so its result adds nothing to the rows read.
 */
const GENERIC_PLAN_SETTING = "SELECT WHERE set_config('plan_cache_mode', 'force_generic_plan', true) IS NULL";

/**
 * A named prepared statement run on its generic plan, in one round trip: the setting's statement and the
 * prepared one go out in one write, before one Sync. The messages before a Sync are one implicit transaction,
 * so the setting holds for the statement's Bind (where PostgreSQL picks the plan) and ends at the Sync: the
 * connection goes back to the pool with plan_cache_mode as it was.
 *
 * pg's own Query reads the answers: the setting's statement completes first (a result with no rows), then the
 * prepared one's rows; the callback gets both results.
 */
/** What pg's Query and Connection do that their types do not declare (pg 8: lib/query.js, lib/connection.js). */
interface PgConnection {
  parse(query: { name?: string; text: string; types?: unknown }): void;
  bind(config: object): void;
  execute(config: object): void;
  submittedNamedStatements: Record<string, string>;
}
interface PgQuery {
  name: string;
  text: string;
  types: unknown;
  prepare(connection: PgConnection): void;
  hasBeenParsed(connection: PgConnection): boolean;
}
const PgQuery = Query as unknown as new (config: { name: string; text: string; values: unknown[] }) => Query & PgQuery;

class GenericPlanQuery extends PgQuery {
  override prepare(connection: PgConnection): void {
    // the prepared statement's Parse (on the connection's first use of it) first, so that the first ParseComplete
    // stands for it: pg records the query's named statement as parsed on any ParseComplete of the query
    if (!this.hasBeenParsed(connection)) {
      connection.parse({ name: this.name, text: this.text, types: this.types });
      connection.submittedNamedStatements[this.name] = this.text;
    }
    connection.parse({ text: GENERIC_PLAN_SETTING });
    connection.bind({});
    connection.execute({});
    // Bind, Describe, Execute and Sync of the prepared statement (its Parse is already sent)
    super.prepare(connection);
  }
}

/**
 * `queryPrepared` (outside a transaction) with plan_cache_mode force_generic_plan for this statement only, for a
 * statement whose generic plan is as good as a custom one but that PostgreSQL would otherwise plan again on each
 * call (its estimates for the generic plan being no better). One round trip, where BEGIN, SET LOCAL, the statement
 * and COMMIT took four.
 */
export async function queryGenericPlan<Row>(dataSource: DataSource, text: string, values: unknown[]): Promise<Row[]> {
  const { name } = preparedStatement(text, values);
  try {
    // pg-pool answers a query object with a promise of its results (its types say it hands the object back)
    const answered = poolOf(dataSource).query(new GenericPlanQuery({ name, text, values })) as unknown as Promise<{ rows: Row[] } | { rows: Row[] }[]>;
    const results = await answered;
    // the setting's result, then the statement's (a stand-in pool, as the benchmarks' recorder, answers the statement's only)
    return (Array.isArray(results) ? (results.at(-1) as { rows: Row[] }) : results).rows;
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
