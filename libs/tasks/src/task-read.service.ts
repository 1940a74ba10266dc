import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { calendarDayIn, taskLight } from '@duban/domain';

import { Clock } from '@duban/platform';
import type { MilestoneView, TargetView, TaskView, UnitRefView } from './task.view';

interface TaskRow {
  id: string;
  plan_id: string;
  seq: number;
  section_title: string;
  work_item_title: string;
  text: string;
  state: string;
  lead_text: string;
  support_text: string;
  due_on: string;
  recurrence: string | null;
  overdue: boolean;
  escalation_level: number;
  version: number;
  lead_units: UnitRefView[];
  support_units: UnitRefView[];
  milestones: MilestoneView[];
  targets: TargetView[];
}

const TASK_SELECT = `
  SELECT t.id::text, t.plan_id::text, t.seq, s.title AS section_title, w.title AS work_item_title, t.text, t.state,
         t.lead_text, t.support_text, t.due_on, t.recurrence, t.overdue, t.escalation_level, t.version,
         COALESCE((SELECT json_agg(json_build_object('id', u.id::text, 'name', u.name) ORDER BY tu.position)
                     FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id AND tu.role = 'lead'), '[]') AS lead_units,
         COALESCE((SELECT json_agg(json_build_object('id', u.id::text, 'name', u.name, 'viaGroupId', tu.via_group_id::text) ORDER BY tu.position)
                     FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id AND tu.role = 'support'), '[]') AS support_units,
         COALESCE((SELECT json_agg(json_build_object('date', m.due_on, 'clause', m.clause) ORDER BY m.due_on)
                     FROM task_milestones m WHERE m.task_id = t.id), '[]') AS milestones,
         COALESCE((SELECT json_agg(json_build_object('id', g.id::text, 'indicator', g.indicator, 'comparator', g.comparator, 'value', g.value,
                                                     'unit', g.unit, 'measure', g.measure, 'period', g.period, 'by', g.by_date, 'clause', g.clause)
                           ORDER BY g.position)
                     FROM targets g WHERE g.task_id = t.id), '[]') AS targets
    FROM tasks t
    JOIN sections s ON s.id = t.section_id
    JOIN work_items w ON w.id = t.work_item_id`;

/** Reads tasks in the API's Task shape, with the light derived for today. */
@Injectable()
export class TaskReadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async findByPlan(planId: string): Promise<TaskView[]> {
    const rows: TaskRow[] = await this.dataSource.query(`${TASK_SELECT} WHERE t.plan_id = $1 ORDER BY t.seq`, [planId]);
    const today = this.today();
    return rows.map((row) => this.toView(row, today));
  }

  async findOne(id: string): Promise<TaskView> {
    const rows: TaskRow[] = await this.dataSource.query(`${TASK_SELECT} WHERE t.id = $1`, [id]);
    if (rows.length === 0) throw new NotFoundException(`task ${id} does not exist`);
    return this.toView(rows[0], this.today());
  }

  private today(): string {
    return calendarDayIn(this.clock.now(), this.config.planTimezone);
  }

  private toView(row: TaskRow, today: string): TaskView {
    return {
      id: row.id,
      planId: row.plan_id,
      seq: row.seq,
      section: { title: row.section_title },
      workItem: { title: row.work_item_title },
      text: row.text,
      state: row.state,
      leadUnits: row.lead_units,
      supportUnits: row.support_units,
      leadText: row.lead_text,
      supportText: row.support_text,
      dueAt: row.due_on,
      milestones: row.milestones,
      recurrence: row.recurrence,
      targets: row.targets.map((target) => ({ ...target, value: Number(target.value) })),
      overdue: row.overdue,
      escalationLevel: row.escalation_level,
      light: taskLight({ state: row.state, overdue: row.overdue, dueOn: row.due_on, today }),
      version: row.version,
      // the lifecycle machine and its permission table (workflow core) will fill this per user
      allowedEvents: [],
    };
  }
}
