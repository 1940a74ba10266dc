import { type DataSource, QueryFailedError } from 'typeorm';
import { PipelinedQuery, rowsOfPipelined } from './pipelined-query';
import { poolOf, preparedStatement } from './prepared-query';

/**
 * Sets plan_cache_mode for the current transaction only. A SELECT of set_config rather than `SET LOCAL`: outside
 * BEGIN, SET LOCAL warns (a notice each time) although it acts the same. The volatile call in WHERE runs once and
 * the statement returns no row, so its result adds nothing to the rows read.
 */
const GENERIC_PLAN_SETTING = "SELECT WHERE set_config('plan_cache_mode', 'force_generic_plan', true) IS NULL";

/**
 * A named prepared statement run on its generic plan, in one round trip (PipelinedQuery): the setting's statement and
 * the prepared one go out in one write, before one Sync. The messages before a Sync are one implicit transaction,
 * so the setting holds for the statement's Bind (where PostgreSQL picks the plan) and ends at the Sync: the
 * connection goes back to the pool with plan_cache_mode as it was.
 *
 * `queryPrepared` (outside a transaction) with plan_cache_mode force_generic_plan for this statement only, for a
 * statement whose generic plan is as good as a custom one but that PostgreSQL would otherwise plan again on each
 * call (its estimates for the generic plan being no better). One round trip, where BEGIN, SET LOCAL, the statement
 * and COMMIT took four.
 */
export async function queryGenericPlan<Row>(dataSource: DataSource, text: string, values: unknown[]): Promise<Row[]> {
  const { name } = preparedStatement(text, values);
  try {
    // pg-pool answers a query object with a promise of its results (its types say it hands the object back)
    const answered = poolOf(dataSource).query(new PipelinedQuery({ name, text, values }, [{ text: GENERIC_PLAN_SETTING }])) as unknown as Promise<
      { rows: Row[] } | { rows: Row[] }[]
    >;
    // the setting's result, then the statement's
    return rowsOfPipelined(await answered, 1);
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
