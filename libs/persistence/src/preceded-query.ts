import { Query } from 'pg';

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

/**
 * A named prepared statement with another statement (`before`, no parameters, no rows) sent ahead of it in the same
 * write, before the same Sync: one round trip for both. pg's own Query reads the answers: `before` completes first
 * (a result with no rows), then the prepared statement's rows; the callback gets both results.
 */
export class PrecededQuery extends PgQuery {
  constructor(
    config: { name: string; text: string; values: unknown[] },
    private readonly before: string,
  ) {
    super(config);
  }

  override prepare(connection: PgConnection): void {
    // the prepared statement's Parse (on the connection's first use of it) first, so that the first ParseComplete
    // stands for it: pg records the query's named statement as parsed on any ParseComplete of the query
    if (!this.hasBeenParsed(connection)) {
      connection.parse({ name: this.name, text: this.text, types: this.types });
      connection.submittedNamedStatements[this.name] = this.text;
    }
    connection.parse({ text: this.before });
    connection.bind({});
    connection.execute({});
    // Bind, Describe, Execute and Sync of the prepared statement (its Parse is already sent)
    super.prepare(connection);
  }
}

/** The prepared statement's rows of a PrecededQuery's results (a stand-in pool, as the benchmarks' recorder, answers the statement's only). */
export const rowsOfPreceded = <Row>(results: { rows: Row[] } | { rows: Row[] }[]): Row[] =>
  (Array.isArray(results) ? (results.at(-1) as { rows: Row[] }) : results).rows;
