import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /search`: every searchable table carries `search_grams`, the distinct characters and
 * character pairs of its searchable text (lower-cased), as a STORED generated column with a GIN
 * index. A one-character word is one element (`@> '{督}'`), a two-character word one pair (exact:
 * no recheck), a longer one its pairs (`@> '{督办,办事}'`) rechecked with LIKE on the text; Chinese
 * has no word spaces, so pairs serve where pg_trgm's trigrams cannot (docs/search.md has the
 * measurements).
 *
 * Generated columns keep the one-writer rule: the store that writes a row writes its text, and
 * PostgreSQL derives the grams in the same statement (the importer's set-based INSERT included),
 * so no workflow has to remember the index. Adding the columns rewrites the tables: that is the
 * backfill of existing rows.
 *
 * The functions are IMMUTABLE because generated columns require it: changing one later means
 * dropping and re-adding the columns that use it (a rewrite), never `CREATE OR REPLACE` alone.
 */
export class SearchIndex1764670000000 implements MigrationInterface {
  name = 'SearchIndex1764670000000';

  public async up(q: QueryRunner): Promise<void> {
    // the characters and pairs of characters of a (lower-cased) text: what a document is indexed by
    await q.query(`
      CREATE FUNCTION search_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT ARRAY(SELECT DISTINCT g FROM (SELECT unnest(c) AS g UNION ALL SELECT a || b FROM unnest(c[:cardinality(c) - 1], c[2:]) AS x(a, b)) grams)
          FROM string_to_array(t, NULL) AS c
      $$`);
    // what one query word must find among a document's grams: its pairs, or itself when one character long
    await q.query(`
      CREATE FUNCTION search_term_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT CASE WHEN cardinality(c) = 1 THEN c ELSE ARRAY(SELECT DISTINCT a || b FROM unnest(c[:cardinality(c) - 1], c[2:]) AS x(a, b)) END
          FROM string_to_array(lower(t), NULL) AS c
      $$`);
    // the searchable text of each kind of document, lower-cased, its fields a line each: the grams are made of it
    // and the LIKE recheck of longer words reads it. A word holds no whitespace, so a pair across two fields never matches one
    await q.query(`
      CREATE FUNCTION task_search_text(number text, body text, source jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(concat_ws(E'\\n', number, body, source ->> 'docNo', source ->> 'issuedBy'))
      $$`);
    await q.query(`
      CREATE FUNCTION task_event_search_text(payload jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(concat_ws(E'\\n', payload ->> 'summary', payload ->> 'reason', payload ->> 'findings',
                                       payload ->> 'requiredActions', payload ->> 'comment', payload ->> 'note'))
      $$`);
    await q.query(`
      CREATE FUNCTION order_search_text(findings text, required_actions text, return_reason text, submission jsonb) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(concat_ws(E'\\n', findings, required_actions, submission ->> 'summary', return_reason))
      $$`);
    await q.query(`
      CREATE FUNCTION contribution_search_text(summary text, returned_reason text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(concat_ws(E'\\n', summary, returned_reason))
      $$`);

    const columns: [table: string, text: string][] = [
      ['tasks', 'task_search_text(number, text, source)'],
      ['sections', 'lower(title)'],
      ['work_items', 'lower(title)'],
      ['task_events', 'task_event_search_text(payload)'],
      ['rectification_orders', 'order_search_text(findings, required_actions, return_reason, submission)'],
      ['contributions', 'contribution_search_text(summary, returned_reason)'],
    ];
    for (const [table, text] of columns) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN search_grams text[] GENERATED ALWAYS AS (search_grams(${text})) STORED`);
    }
    await q.query(`CREATE INDEX tasks_search_idx ON tasks USING gin (search_grams)`);
    await q.query(`CREATE INDEX sections_search_idx ON sections USING gin (search_grams)`);
    await q.query(`CREATE INDEX work_items_search_idx ON work_items USING gin (search_grams)`);
    // most events are the system's (reminders, overdue) and carry no text: only those with text are indexed
    await q.query(`CREATE INDEX task_events_search_idx ON task_events USING gin (search_grams) WHERE search_grams <> '{}'`);
    await q.query(`CREATE INDEX rectification_orders_search_idx ON rectification_orders USING gin (search_grams)`);
    await q.query(`CREATE INDEX contributions_search_idx ON contributions USING gin (search_grams) WHERE search_grams <> '{}'`);
    // an exact task number ranks first
    await q.query(`CREATE INDEX tasks_number_idx ON tasks (lower(number)) WHERE number IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_number_idx`);
    for (const table of ['contributions', 'rectification_orders', 'task_events', 'work_items', 'sections', 'tasks']) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN search_grams`);
    }
    await q.query(`DROP FUNCTION contribution_search_text(text, text)`);
    await q.query(`DROP FUNCTION order_search_text(text, text, text, jsonb)`);
    await q.query(`DROP FUNCTION task_event_search_text(jsonb)`);
    await q.query(`DROP FUNCTION task_search_text(text, text, jsonb)`);
    await q.query(`DROP FUNCTION search_term_grams(text)`);
    await q.query(`DROP FUNCTION search_grams(text)`);
  }
}
