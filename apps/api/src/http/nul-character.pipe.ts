import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { badRequest } from './validation';

/** The paths (`payload.reason`, `evidence[0].title`) of every string in `value` that holds a NUL character. */
export function pathsWithNulCharacter(value: unknown, path = '', depth = 0): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path || 'value'] : [];
  if (value === null || typeof value !== 'object' || depth > 64) return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => pathsWithNulCharacter(item, `${path}[${i}]`, depth + 1));
  return Object.entries(value).flatMap(([key, item]) => [
    ...(key.includes('\u0000') ? [`${path ? `${path}.` : ''}${JSON.stringify(key)}`] : []),
    ...pathsWithNulCharacter(item, path ? `${path}.${key}` : key, depth + 1),
  ]);
}

/**
 * PostgreSQL stores no NUL character in text or jsonb: a request carrying one is refused with a 400
 * naming the field, before it can fail inside a transaction.
 */
export class RejectNulCharacterPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const paths = pathsWithNulCharacter(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
    if (paths.length > 0)
      throw badRequest(
        paths.map((path) => `${path} must not contain the NUL character (\\u0000)`),
        'invalid_field',
        { field: paths[0], constraint: 'noNulCharacter' },
      );
    return value;
  }
}
