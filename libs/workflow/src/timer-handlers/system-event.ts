import type { TaskTimerContext } from '@duban/clock';
import type { TaskEvent } from '@duban/domain';
import type { TaskWorkflowService } from '../task-workflow.service';

/** A system event through the machine: deferred to the chunk's end when the handler is batched. */
export async function sendSystemEvent(workflow: TaskWorkflowService, context: TaskTimerContext, event: Omit<TaskEvent, 'actor'>): Promise<void> {
  const withActor = { ...event, actor: { kind: 'system' } } as TaskEvent;
  if (context.deferred) await workflow.applyOrDefer(context.manager, context.task, withActor, context.deferred);
  else await workflow.applyInTransaction(context.manager, context.task, withActor);
}

/** The task facts as the notice catalogue reads them. */
export const taskRef = (context: TaskTimerContext) => ({ seq: context.facts.seq, text: context.facts.text, dueOn: context.facts.due_on });
