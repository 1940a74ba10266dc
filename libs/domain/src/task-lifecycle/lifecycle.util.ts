import type { TransitionRefusal, TransitionRefusalCode } from './transition-result.types';

export function refuse(code: TransitionRefusalCode, reason: string, rule?: string): TransitionRefusal {
  return rule === undefined ? { ok: false, code, reason } : { ok: false, code, reason, rule };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
