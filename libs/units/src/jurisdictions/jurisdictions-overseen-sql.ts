/**
 * The jurisdictions a unit oversees (`unit` is an SQL expression), as a SELECT of their names: those it is the
 * government of (东胜区人民政府 → 东胜区) and, for a supervision unit (督查室) of a lower jurisdiction, its own — each
 * with every jurisdiction below it. A root's (the city's) supervision unit oversees nothing by this rule: the city's
 * inspectors see everything (seesAllTasks), and a city's government is no unit of any catalogue. The one rule of what
 * a banner oversees: the tasks' visibility (libs/tasks, cascade-visibility.ts) and the inboxes a banner's inspector
 * may read (libs/inbox) both read it.
 */
export function jurisdictionsOverseenSql(unit: string): string {
  return `WITH RECURSIVE overseen AS (
            SELECT j.name FROM jurisdictions j
             WHERE j.government_unit_id = ${unit}
                OR (j.parent IS NOT NULL AND j.name = (SELECT u.jurisdiction FROM units u WHERE u.id = ${unit} AND u.kind = 'supervision'))
            UNION SELECT c.name FROM jurisdictions c JOIN overseen o ON c.parent = o.name)
          SELECT name FROM overseen`;
}
