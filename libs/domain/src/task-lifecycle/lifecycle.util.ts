import type { TransitionRefusal, TransitionRefusalCode } from './transition-result.types';

export function refuse(code: TransitionRefusalCode, reason: string): TransitionRefusal {
  return { ok: false, code, reason };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
