import type { OpenAPIObject } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ERROR_CODES, type ErrorCode, HTTP_STATUS_OF_KIND } from '@duban/domain';
import seedInboxPage from './examples/seed-inbox-page.example.json';
import seedTask28 from './examples/seed-task-28.example.json';

/**
 * What an integrator reads before the first call: how to authenticate, how to retry a write, how a
 * refusal looks. It is the document's `info.description` (Markdown, as Redoc and Swagger UI show it).
 */
export const API_GUIDE = `督办: task decomposition tables, their lifecycle, inspections, rectification and every unit’s inbox.

## Authentication
\`POST /api/v1/auth/login {username, password}\` answers \`{accessToken, expiresIn, mustChangePassword, user}\` and sets an
HttpOnly cookie \`duban_refresh\` (path \`/api/v1/auth\`). Send the token as \`Authorization: Bearer <accessToken>\`
on every other call. It lives \`expiresIn\` seconds (15 minutes by default); \`POST /api/v1/auth/refresh\` with
the cookie answers a new token and turns the cookie over (a cookie used twice ends the whole session:
log in again). \`POST /api/v1/auth/logout\` ends the session at once, in every api process. A user whose
password an admin set gets a token that serves only \`POST /api/v1/auth/password\` and logout until it is changed
(403 \`password_change_required\` elsewhere). Server-to-server callers log in the same way with a user of
their own (an admin creates it with \`POST /api/v1/users\`).

## Retrying a write
Every write accepts \`Idempotency-Key: <1 to 255 printable characters>\` (a UUID). The same key with the same
request answers the first answer again, whatever happened in between; the same key with another request
is refused with 422 \`idempotency_key_reused\`; a key whose first request is still running answers 409 \`idempotency_key_in_use\`.
A 503 says in \`outcome\` whether the write may have happened (\`not_applied\` or \`unknown\`): retry it with the
same key. Task transitions also take \`expectedVersion\` (409 \`version_conflict\` when another write came first).

## Refusals
Every 4xx and 5xx answer has the shape \`ErrorView\`: \`{statusCode, message, error, code?, params?}\`. \`message\` is
English for logs and integrators (a list naming every invalid field for a 400 of the request's shape); \`code\` is the
stable name of the refusal (\`task_not_found\`, \`evidence_file_required\`, \`invalid_field\`, \`token_expired\` …),
on every answer, that clients branch on and choose the sentence they show by; \`params\` holds the values such a
sentence needs (\`invalid_field\`: \`{field, constraint}\`).

## Lists
Lists are keyset pages \`{items, nextCursor}\`: pass \`cursor=<nextCursor>\` for the next page; \`nextCursor\`
is null on the last one.`;

/** Every tag the controllers use, with what its operations are for (Redoc's sections). */
export const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  auth: 'Log in, refresh and end a session; change one’s password.',
  users: 'Accounts of officers, inspectors and admins (admins only).',
  units: 'The unit catalogue: units, their aliases and groups, merging units.',
  plans: 'Task decomposition tables and ledgers: importing, creating tasks, plan policy, milestone checks.',
  tasks: 'Tasks, their lifecycle events, audit trail, contributions and handlers.',
  'rectification orders': 'Orders an inspector issues after a failed inspection, and their submissions.',
  inbox: 'What a unit (or a handler) must do next.',
  search: 'Finding tasks, audit-trail notes, orders and contributions by one or more words, one or two Chinese characters included.',
  attachments: 'Evidence files: upload, metadata, content and thumbnails.',
  reports: 'Progress, lights, unit scores and the documents the office sends out.',
  admin: 'The clock, timers and other operations of the supervising office.',
  operations: 'Queues and deliveries, for the office running Duban.',
  security: 'Security events: logins, refusals, sessions ended.',
  webhooks: 'Signed deliveries of events to other systems, and every delivery’s log and dead letters.',
  'notice channels': 'Where units and users receive notices: DingTalk and WeCom robots, SMS, e-mail, webhooks (secrets write-only).',
};

/** Answers of the seed plan (Ordos), as GET /tasks/{id} and GET /inbox give them right after `npm start`. */
const SEED_EXAMPLES: readonly { path: string; summary: string; value: unknown }[] = [
  { path: '/api/v1/tasks/{id}', summary: 'Task 28 of the seed plan as imported, with the three targets read from its text', value: seedTask28 },
  { path: '/api/v1/inbox', summary: 'The first page of the health commission’s inbox on the seed plan', value: seedInboxPage },
];

/** Tag descriptions, the bearer scheme's description and the seed examples on the document Nest builds from the controllers. */
export function withGuide(document: OpenAPIObject): OpenAPIObject {
  const used = new Set(
    Object.values(document.paths).flatMap((item) => [item.get, item.post, item.put, item.patch, item.delete].flatMap((op) => op?.tags ?? [])),
  );
  document.tags = [...used].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] }));
  const bearer = document.components?.securitySchemes?.bearer;
  if (bearer && !('$ref' in bearer)) bearer.description = 'The accessToken of POST /api/v1/auth/login or /auth/refresh (see Authentication above).';
  const code = (document.components?.schemas?.ErrorView as SchemaObject | undefined)?.properties?.code as SchemaObject | undefined;
  if (!code) throw new Error('ErrorView.code is missing from the document');
  code.enum = Object.keys(ERROR_CODES).sort();
  code.description = `${code.description ?? ''}. Every code, by status:\n${codesByStatus()}`;
  for (const { path, summary, value } of SEED_EXAMPLES) {
    const answer = document.paths[path]?.get?.responses['200'];
    const json = answer && !('$ref' in answer) ? answer.content?.['application/json'] : undefined;
    if (!json) throw new Error(`the seed example of GET ${path} has no 200 JSON answer to go on`);
    json.examples = { seed: { summary, value } };
  }
  return document;
}

/** One line per code, by status: "- 400 `attachment_empty`: the uploaded file has no bytes". */
function codesByStatus(): string {
  const lines: [number, string][] = [];
  for (const [name, { kinds, meaning }] of Object.entries(ERROR_CODES) as [ErrorCode, (typeof ERROR_CODES)[ErrorCode]][]) {
    for (const kind of kinds) lines.push([HTTP_STATUS_OF_KIND[kind], `- ${HTTP_STATUS_OF_KIND[kind]} \`${name}\`: ${meaning}`]);
  }
  return lines
    .sort(([a, left], [b, right]) => a - b || left.localeCompare(right))
    .map(([, line]) => line)
    .join('\n');
}
