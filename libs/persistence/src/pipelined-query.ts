import { Query } from 'pg';

/** What pg's Query and Connection do that their types do not declare (pg 8: lib/query.js, lib/connection.js, lib/utils.js). */
interface PgConnection {
  parse(query: { name?: string; text: string; types?: unknown }): void;
  bind(config: object): void;
  describe(config: { type: 'P'; name: string }): void;
  execute(config: object): void;
  sync(): void;
  submittedNamedStatements: Record<string, string>;
}
interface PgQuery {
  name: string;
  text: string;
  values: unknown[];
  types: unknown;
  binary: boolean;
  hasBeenParsed(connection: PgConnection): boolean;
}
const PgQuery = Query as unknown as new (config: { name: string; text: string; values: unknown[] }) => Query & PgQuery;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- pg's own mapping of values to the wire, which its types do not export
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => unknown };

/** A statement sent beside the query's own: named (a prepared statement, parsed once per connection) or not (BEGIN, COMMIT). */
export interface PipelinedStep {
  name?: string;
  text: string;
  values?: unknown[];
}

/**
 * A named prepared statement with other statements (`before` and `after` it) in the same write, before the same Sync:
 * one round trip for all. PostgreSQL runs them in order; the first that fails skips the rest (up to the Sync) and its
 * error is the query's. pg's own Query reads the answers, one result per statement in that order (rowsOfPipelined).
 * Every Parse goes first, the query's own first of all, so that the first ParseComplete stands for it (pg records the
 * query's named statement as parsed on any ParseComplete of the query) and a statement that fails never leaves a
 * later one recorded as parsed when it was not.
 */
export class PipelinedQuery extends PgQuery {
  constructor(
    config: { name: string; text: string; values: unknown[] },
    private readonly before: PipelinedStep[],
    private readonly after: PipelinedStep[] = [],
  ) {
    super(config);
  }

  prepare(connection: PgConnection): void {
    if (!this.hasBeenParsed(connection)) {
      connection.parse({ name: this.name, text: this.text, types: this.types });
      connection.submittedNamedStatements[this.name] = this.text;
    }
    for (const step of [...this.before, ...this.after]) {
      if (step.name === undefined || step.name in connection.submittedNamedStatements || this.parsedOn(connection, step.name)) continue;
      connection.parse({ name: step.name, text: step.text });
      // pg records only the query's own statement when its ParseComplete comes: this one is recorded as submitted
      connection.submittedNamedStatements[step.name] = step.text;
    }
    for (const step of this.before) this.run(connection, step);
    connection.bind({ statement: this.name, values: this.values, binary: this.binary, valueMapper: prepareValue });
    connection.describe({ type: 'P', name: '' });
    connection.execute({});
    for (const step of this.after) this.run(connection, step);
    connection.sync();
  }

  private parsedOn(connection: PgConnection, name: string): boolean {
    return (connection as unknown as { parsedStatements: Record<string, string> }).parsedStatements[name] !== undefined;
  }

  private run(connection: PgConnection, step: PipelinedStep): void {
    if (step.name === undefined) connection.parse({ text: step.text });
    connection.bind({ statement: step.name ?? '', values: step.values ?? [], valueMapper: prepareValue });
    connection.execute({});
  }
}

/** The rows of the pipelined query's own statement, the `index`th result (a stand-in pool, as the benchmarks' recorder, answers that one only). */
export const rowsOfPipelined = <Row>(results: { rows: Row[] } | { rows: Row[] }[], index: number): Row[] =>
  (Array.isArray(results) ? results[index] : results).rows;
