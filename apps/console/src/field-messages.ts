/**
 * A 400 split between a form's inputs: beside each input the sentence for its own problem, in the
 * console's language (the code and params of the refusal, error-messages.ts), never the API's English
 * or a field path; what no input of the form shows stays for the form's error box.
 */
import { ApiError } from './api-error';
import { errorSentence } from './error-messages';
import { splitMessages } from './model';

export interface SplitRefusal {
  /** sentences by the payload field's name (`payload.evidence[0].title` → evidence) */
  byField: Record<string, string[]>;
  /** the rest, for the form's error box; null when every problem sits beside its input */
  general: ApiError | null;
}

/** The form's field an API field path belongs to: <prefix><name>…; null for a field outside the form's part of the body. */
function formField(path: string, prefix: string): string | null {
  return path.startsWith(prefix) ? (/^([A-Za-z]+)/.exec(path.slice(prefix.length))?.[1] ?? null) : null;
}

/** Every problem of an invalid_field refusal: params.problems (`field:constraint;…`), else the first ({field, constraint}). */
function problemsOf(params: Readonly<Record<string, string | number>>): { field: string; constraint: string }[] {
  if (typeof params.problems === 'string' && params.problems !== '') {
    return params.problems.split(';').map((pair) => {
      const at = pair.lastIndexOf(':');
      return { field: pair.slice(0, at), constraint: pair.slice(at + 1) };
    });
  }
  return typeof params.field === 'string' ? [{ field: params.field, constraint: String(params.constraint ?? '') }] : [];
}

/** `prefix`: where the form's fields sit in the request body (an event's payload, or '' for the body itself). */
export function splitRefusal(error: unknown, prefix = 'payload.'): SplitRefusal {
  if (!(error instanceof ApiError) || error.status !== 400) return { byField: {}, general: null };
  // a code this console does not know (or an answer without its body): the API's messages, by their paths
  if (error.code === null || errorSentence(error) === null) return splitMessages(error);
  // a rule the request's shape cannot show (invalid_payload, due_day_past …): one sentence, with its specifics, for the form's box
  if (error.code !== 'invalid_field') return { byField: {}, general: error };
  const byField: Record<string, string[]> = {};
  const elsewhere: { field: string; constraint: string }[] = [];
  for (const problem of problemsOf(error.params)) {
    const field = formField(problem.field, prefix);
    const sentence = errorSentence({ code: 'invalid_field', params: problem }) as string;
    if (field === null) elsewhere.push(problem);
    else if (!(byField[field] ??= []).includes(sentence)) byField[field].push(sentence);
  }
  if (Object.keys(byField).length === 0) return { byField, general: error };
  const general =
    elsewhere.length > 0
      ? new ApiError(
          400,
          elsewhere.map((problem) => problem.field),
          { code: 'invalid_field', params: elsewhere[0] },
        )
      : null;
  return { byField, general };
}
