// What InboxStore's writes take: the items to open, notify and close.

/** A notice or interview item for some units, as the clock and the supervising office raise them. */
export interface NoticeItem {
  unitIds: string[];
  kind: 'notice' | 'interview';
  taskId: string | null;
  orderId: string | null;
  title: string;
  dueOn: string | null;
  payload: Record<string, unknown>;
}

/** An action item to open (the inbox policy's, or an imported task's `start_task`). */
export interface NewActionItem {
  unit_id: string;
  kind: string;
  task_id: string;
  order_id: string | null;
  title: string;
  due_on: string | null;
}

/** What one inbox sync changes: items closed, items moved to a new due day, items opened. */
export interface InboxChanges {
  doneIds: string[];
  movedIds: string[];
  movedTo: string;
  opened: NewActionItem[];
}
