/** 审核签发: the drafts of the head's unit waiting for its approval; approve, or return with a reason. */
import { useState } from 'preact/hooks';
import { answer, client, type Task } from '../api';
import { ErrorBox, Link, Notice, useLoad } from '../components';
import { SignOffDecision } from './sign-off-decision';

function QueueRow({ task, onDone }: { task: Task; onDone: (message: string) => void }) {
  return (
    <li class="sign-off-row" data-testid="sign-off-row">
      <Link href={`/tasks/${task.id}`}>
        第{task.seq}项 {task.text.slice(0, 40)}
      </Link>
      <SignOffDecision
        taskId={task.id}
        subject={`第${task.seq}项的自评`}
        expectedVersion={task.version}
        messages={{ approved: `第${task.seq}项的自评已签发报送。`, returned: `第${task.seq}项的自评已退回承办人。` }}
        onDone={onDone}
      />
    </li>
  );
}

/**
 * Shown to a unit's head: every task of the unit whose self-assessment waits for sign-off, and the tasks where a
 * draft of the unit (a contribution, a progress report, an order's answer) waits: decided in the task page's drafts panel.
 */
export function SignOffQueue({ unitId }: { unitId: string }) {
  const { data, error, reload } = useLoad(
    () => answer(client.GET('/tasks', { params: { query: { unitId, state: ['awaiting_sign_off'], limit: 200 } } })),
    [unitId],
  );
  const items = useLoad(() => answer(client.GET('/inbox', { params: { query: { kind: 'sign_off', limit: 200 } } })), [unitId]);
  const [done, setDone] = useState<string | null>(null);
  const waiting = (data?.items ?? []).filter((task) => task.allowedEvents.includes('APPROVE_SUBMISSION'));
  const listed = new Set(waiting.map((task) => task.id));
  const drafts = (items.data?.items ?? []).filter((item) => item.taskId !== null && !listed.has(item.taskId));
  return (
    <section class="panel" aria-labelledby="sign-off-title" data-testid="sign-off-queue">
      <h2 id="sign-off-title">待审核签发（{waiting.length + drafts.length}）</h2>
      {done ? <Notice kind="success">{done}</Notice> : null}
      <ErrorBox error={error} />
      {data && waiting.length + drafts.length === 0 ? <p class="muted">没有等待您审核的报送。</p> : null}
      <ul class="plain-list">
        {waiting.map((task) => (
          <QueueRow
            key={`${task.id}-${task.version}`}
            task={task}
            onDone={(message) => {
              setDone(message);
              reload();
            }}
          />
        ))}
      </ul>
      {drafts.length > 0 ? (
        <ul class="plain-list" data-testid="sign-off-drafts">
          {drafts.map((item) => (
            <li key={item.id} class="sign-off-row">
              <Link href={`/tasks/${item.taskId}`}>{item.title}</Link> <span class="muted">（在任务页的“审核签发（草稿）”中签发或退回）</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
