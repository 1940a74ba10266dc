import { DomainError } from '../errors/domain-error';

/** A task of the parent plan a child plan's task is to serve, as the rules read it. */
export interface ParentTaskFacts {
  id: string;
  seq: number;
  planId: string;
  planJurisdiction: string;
  /** its lead and responsible units */
  unitIds: readonly string[];
}

/** The lower government whose plan it is: its jurisdiction's place in the tree. */
export interface ChildJurisdictionFacts {
  name: string;
  /** the jurisdiction it is placed below (null: a root, or not in the tree) */
  parent: string | null;
  /** its government's unit in the parent's catalogue (东胜区人民政府 in 鄂尔多斯市's) */
  governmentUnitId: string | null;
  governmentUnitName: string | null;
}

/**
 * Whether a plan of `child` may serve `parents` (a city's tasks): they exist and are of one plan, the
 * child's jurisdiction is placed directly below that plan's, and the child's government is a lead or
 * responsible unit of every one of them (a banner breaks down its own share, not another's).
 * Answers the parent plan's id, or the refusal.
 */
export function checkChildPlan(child: ChildJurisdictionFacts, requestedIds: readonly string[], parents: readonly ParentTaskFacts[]): string | DomainError {
  const missing = requestedIds.filter((id) => !parents.some((task) => task.id === id));
  if (requestedIds.length === 0 || missing.length > 0) {
    return new DomainError('invalid', 'parent_task_invalid', [`parent tasks ${missing.join(', ') || '(none)'} do not exist`], {
      params: { taskIds: missing.join(', ') },
    });
  }
  const plans = [...new Set(parents.map((task) => task.planId))];
  if (plans.length > 1) {
    return new DomainError('invalid', 'parent_task_invalid', [`the parent tasks belong to several plans (${plans.join(', ')}); a child plan serves one plan`], {
      params: { taskIds: requestedIds.join(', ') },
    });
  }
  const above = parents[0].planJurisdiction;
  if (child.parent !== above || child.governmentUnitId === null) {
    return new DomainError('invalid', 'jurisdiction_not_below', [`${child.name} is not a jurisdiction directly below ${above}`], {
      params: { jurisdiction: child.name, parent: above },
    });
  }
  const notServed = parents.filter((task) => !task.unitIds.includes(child.governmentUnitId as string));
  if (notServed.length > 0) {
    const seqs = notServed.map((task) => task.seq);
    return new DomainError(
      'invalid',
      'parent_task_not_served',
      [`${child.governmentUnitName ?? child.name} is not a lead or responsible unit of task ${seqs.join(', ')}`],
      {
        params: { unit: child.governmentUnitName ?? child.name, seqs: seqs.join('、') },
      },
    );
  }
  return plans[0];
}

/** The parent tasks' seqs a row's cell names: `28`, `第28项`, `28、30`, `（28）`; none for an empty cell. */
export function parentSeqsOf(cell: string | undefined): number[] {
  if (!cell) return [];
  return [...new Set([...cell.normalize('NFKC').matchAll(/\d+/gu)].map((match) => Number(match[0])).filter((seq) => seq > 0))];
}
