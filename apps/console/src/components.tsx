import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';
import { refusalHeading, refusalLines } from './error-messages';
import { LIGHT_LABELS, label, reason, STATE_LABELS, t } from './i18n';
import { onLinkClick } from './router';

export function Link(props: { href: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' | undefined }) {
  return (
    <a href={props.href} class={props.class} aria-current={props['aria-current']} onClick={onLinkClick}>
      {props.children}
    </a>
  );
}

/** The task's traffic light; a cancelled task has none (light null) and shows 已撤销 in grey, not a colour. */
export function LightBadge({ light }: { light: string | null }) {
  if (light === null) return <span class="light light-none">{label(STATE_LABELS, 'cancelled')}</span>;
  return (
    <span class={`light light-${light}`}>
      <span class="light-dot" aria-hidden="true" />
      {label(LIGHT_LABELS, light)}
    </span>
  );
}

export function StateBadge({ state }: { state: string }) {
  return <span class={`state state-${state}`}>{label(STATE_LABELS, state)}</span>;
}

export function OverdueBadge({ overdue }: { overdue: boolean }) {
  return overdue ? <span class="badge badge-overdue">{t('逾期')}</span> : null;
}

/** Every message of a refusal, in an alert region so screen readers announce it. */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const messages = error instanceof ApiError ? refusalLines(error, reason) : [error instanceof Error ? reason(error.message) : t('出现未知错误，请刷新后重试')];
  const status = error instanceof ApiError ? error.status : null;
  return (
    <div class="alert alert-error" role="alert">
      <strong>{refusalHeading(status)}</strong>
      <ul>
        {messages.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </div>
  );
}

export function Notice({ children, kind = 'info' }: { children: ComponentChildren; kind?: 'info' | 'success' | 'warning' }) {
  return (
    <div class={`alert alert-${kind}`} role="status">
      {children}
    </div>
  );
}

export function Loading() {
  return (
    <p class="loading" role="status">
      加载中…
    </p>
  );
}

/** Loads data when its inputs change; `reload` fetches again after an action. */
export function useLoad<T>(load: () => Promise<T>, inputs: unknown[]): { data: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...inputs, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · ${t('督办系统')}`;
  }, [title]);
  return (
    <div class="page-header">
      <h1 id="page-title">{title}</h1>
      {children}
    </div>
  );
}

export function Field(props: { id: string; label: string; error?: string[]; hint?: string; children: ComponentChildren }) {
  const describedBy = [props.hint ? `${props.id}-hint` : '', props.error?.length ? `${props.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${props.error?.length ? ' field-invalid' : ''}`} data-described-by={describedBy || undefined}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error?.length ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error.map(reason).join('；')}
        </p>
      ) : null}
    </div>
  );
}

const TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** An instant as the officers read it: Beijing time, `2021-03-01 10:00`. */
/** A labelled select of [value, label] options, with an optional "all" entry of value ''. */
export function Choice(props: { id: string; label: string; value: string; options: [string, string][]; all?: string; onChange: (value: string) => void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.all !== undefined ? <option value="">{props.all}</option> : null}
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

export const formatTime = (iso: string): string => {
  const parts = Object.fromEntries(TIME.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
};

const COMPARATORS: Record<string, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '=' };
export const comparatorText = (comparator: string): string => COMPARATORS[comparator] ?? comparator;

export const unitNames = (units: { name: string }[]): string => units.map((unit) => unit.name).join('、') || '—';
