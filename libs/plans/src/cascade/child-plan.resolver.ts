import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { checkChildPlan, DomainError } from '@duban/domain';
import { TaskParentLinkStore } from '@duban/tasks';
import { JurisdictionsService } from '@duban/units';

/** How a request names the parent tasks a lower government's plan serves. */
export interface ParentTasksRequest {
  /** `POST /plans`: the tasks themselves */
  parentTaskIds?: string[];
  /** an import: the parent plan, and the seq of the task its rows serve (`--parent-plan <id> --parent-task <seq>`) */
  parentPlanId?: string;
  parentTaskSeqs?: number[];
}

/** The parent plan and tasks a child plan serves, checked. */
export interface ResolvedParent {
  parentPlanId: string;
  parentTaskIds: string[];
  /** the parent tasks named by seq (an import's), by seq */
  idBySeq: Map<number, string>;
}

/** A child plan's parent: the named tasks, checked against the jurisdiction tree (checkChildPlan). */
@Injectable()
export class ChildPlanResolver {
  constructor(
    private readonly jurisdictions: JurisdictionsService,
    private readonly links: TaskParentLinkStore,
  ) {}

  /** null when the request names no parent (a plan of its own). */
  async resolve(manager: EntityManager, jurisdiction: string, request: ParentTasksRequest): Promise<ResolvedParent | null> {
    let ids = request.parentTaskIds ?? [];
    let idBySeq = new Map<number, string>();
    if (request.parentPlanId !== undefined) {
      const seqs = request.parentTaskSeqs ?? [];
      if (seqs.length === 0) {
        throw new DomainError('invalid', 'parent_task_invalid', ['a child plan names the parent plan’s tasks its rows serve (parentTaskSeqs)'], {
          params: { taskIds: '' },
        });
      }
      const plan: unknown[] = await manager.query('SELECT 1 FROM plans WHERE id = $1', [request.parentPlanId]);
      if (plan.length === 0) {
        throw new DomainError('invalid', 'parent_task_invalid', [`parent plan ${request.parentPlanId} does not exist`], { params: { taskIds: [] } });
      }
      const bySeq = await this.links.idsBySeq(manager, request.parentPlanId, seqs);
      idBySeq = bySeq;
      const missing = seqs.filter((seq) => !bySeq.has(seq));
      if (missing.length > 0) {
        throw new DomainError('invalid', 'parent_task_invalid', [`plan ${request.parentPlanId} has no task ${missing.join(', ')}`], {
          params: { taskIds: '', seqs: missing.join('、') },
        });
      }
      ids = [...new Set([...ids, ...seqs.map((seq) => bySeq.get(seq) as string)])];
    }
    if (ids.length === 0) return null;
    const child = await this.jurisdictions.find(manager, jurisdiction);
    const checked = checkChildPlan(
      {
        name: jurisdiction,
        parent: child?.parent ?? null,
        governmentUnitId: child?.governmentUnitId ?? null,
        governmentUnitName: child?.governmentUnitName ?? null,
      },
      ids,
      await this.links.parentFacts(manager, ids),
    );
    if (checked instanceof DomainError) throw checked;
    return { parentPlanId: checked, parentTaskIds: ids, idBySeq };
  }
}
