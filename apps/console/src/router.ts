/** History-API routing: the api answers index.html for every console path, so links are plain URLs. */
import { useEffect, useState } from 'preact/hooks';
import { signal, type Signal } from './signal';

export const location: Signal<string> = signal(window.location.pathname + window.location.search);
/** Counts navigations: following a link to the page already shown loads it afresh. */
export const visits: Signal<number> = signal(0);

export function navigate(to: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  visits.set(visits.get() + 1);
  location.set(to);
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => location.set(window.location.pathname + window.location.search));

/** A page URL's query (`?planId=1&q=…`): empty values are left out. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The value of a signal as component state. */
export function useSignal<T>(source: Signal<T>): T {
  const [value, setValue] = useState(source.get());
  useEffect(() => source.subscribe(setValue), [source]);
  return value;
}

/** An in-app link: a real <a href> (opens in a new tab too) that routes without a reload. */
export function onLinkClick(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || anchor.target) return;
  event.preventDefault();
  navigate(anchor.getAttribute('href') ?? '/');
}
