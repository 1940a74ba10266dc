import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { calendarDayIn, Clock, invalid, notFound } from '@duban/domain';
import type { FactsScope } from './task-facts-sql';

export interface PlanFacts {
  id: string;
  name: string;
  planStart: string;
  planEnd: string;
}

/** The plan a report is about and the day it describes: 404 for an unknown plan, 400 for a future day. */
/** 404 `plan_not_found`: a report of a plan that does not exist. */
export const planNotFound = (planId: string) => notFound('plan_not_found', `plan ${planId} does not exist`);

@Injectable()
export class ReportScopeService {
  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  get timeZone(): string {
    return this.config.planTimezone;
  }

  today(): string {
    return calendarDayIn(this.clock.now(), this.config.planTimezone);
  }

  async plan(planId: string): Promise<PlanFacts> {
    const rows: { id: string; name: string; plan_start: string; plan_end: string }[] = await this.dataSource.query(
      'SELECT id::text, name, plan_start, plan_end FROM plans WHERE id = $1',
      [planId],
    );
    if (rows.length === 0) throw planNotFound(planId);
    return { id: rows[0].id, name: rows[0].name, planStart: rows[0].plan_start, planEnd: rows[0].plan_end };
  }

  /** Today's facts, or a past day's reconstructed from the audit trail; a day after today is refused. */
  factsScope(planId: string, day: string | undefined, field: string): FactsScope {
    const today = this.today();
    if (day !== undefined && day > today) throw invalid('invalid_query', `${field} must not be after today (${today})`);
    const chosen = day ?? today;
    return { planId, day: chosen, reconstruct: chosen < today, timeZone: this.config.planTimezone };
  }
}
