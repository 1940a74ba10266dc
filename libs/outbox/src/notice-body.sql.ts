/**
 * The body of a notice's delivery, over `inbox_items n` and `units u` (the notice's unit): the inbox
 * item as the API shows it, with the unit. Built here and nowhere else; the webhook sends it as it is,
 * the channels render their templates from it.
 */
export const NOTICE_BODY_SQL = `jsonb_build_object('id', n.id::text, 'kind', n.kind, 'unitId', u.id::text, 'unitName', u.name, 'taskId', n.task_id::text,
                                   'orderId', n.order_id::text, 'title', n.title, 'dueAt', n.due_on,
                                   'createdAt', to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'payload', n.payload)`;
