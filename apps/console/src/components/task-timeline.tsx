import type { Task, TaskEvent } from '../api';
import { formatTime } from '../components';
import { EVENT_LABELS, label, STATE_LABELS, t } from '../i18n';
import { PAYLOAD_LABELS, PayloadValue } from './payload-value';

// internal ids, and a reminder's timer kind (the event's own label says what it is)
const HIDDEN_KEYS = new Set(['timerId', 'orderId', 'orderIds', 'draftId', 'kind']);

/** 办理记录: the task's audit events, newest first, each with its actor (name and unit) and its payload (internal ids hidden). */
export function Timeline({ events, task, unitName }: { events: TaskEvent[]; task: Task; unitName: (id: string) => string }) {
  if (events.length === 0) return <p class="muted">尚无办理记录。</p>;
  return (
    <ol class="timeline" data-testid="timeline">
      {[...events].reverse().map((event) => {
        const entries = Object.entries(event.payload).filter(([key]) => !HIDDEN_KEYS.has(key));
        return (
          <li key={event.seq} class={`timeline-item event-${event.type}`}>
            <div class="timeline-head">
              <strong>{label(EVENT_LABELS, event.type)}</strong>
              {event.fromState !== event.toState ? (
                <span class="muted">
                  {label(STATE_LABELS, event.fromState)} → {label(STATE_LABELS, event.toState)}
                </span>
              ) : null}
              <time dateTime={event.at}>{formatTime(event.at)}</time>
            </div>
            <p class="timeline-actor">
              {event.actor === 'system'
                ? t('系统')
                : `${event.actor.unitName ?? (event.actor.unitId ? unitName(event.actor.unitId) : t('（无单位）'))} · ${event.actor.name || event.actor.username}`}
            </p>
            {entries.length > 0 ? (
              <dl class="payload">
                {entries.map(([key, value]) => (
                  <div key={key}>
                    <dt>{PAYLOAD_LABELS[key] ?? key}</dt>
                    <dd>
                      <PayloadValue name={key} value={value} unitName={unitName} task={task} people={event.people} />
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
