import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UsersService } from '@duban/auth';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { PlanImportService } from '@duban/plans';
import { UnitStore } from '@duban/units';
import { readCatalogues, readDemoUsers, readSeedPlans, seedsDirectory } from './seed-files';

export interface SeedSummary {
  seeded: boolean;
  units: number;
  plans: { planId: string; name: string; tasks: number; warnings: number }[];
  users: number;
  /** demo users are never created in production (NODE_ENV=production): the first admin comes from `user:create-admin` */
  demoUsersSkipped: boolean;
}

/** Kinds of unit whose officers act on tasks (groups and committees act through their members). */
const ACTING_KINDS = new Set(['department', 'office', 'banner_government', 'institution', 'enterprise', 'media', 'people_organisation']);

@Injectable()
export class SeedService {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly units: UnitStore,
    private readonly imports: PlanImportService,
    private readonly users: UsersService,
  ) {}

  async isEmpty(): Promise<boolean> {
    const [row]: { plans: number; users: number }[] = await this.dataSource.query(
      'SELECT (SELECT count(*)::int FROM plans) AS plans, (SELECT count(*)::int FROM users) AS users',
    );
    return row.plans === 0 && row.users === 0;
  }

  /** Seeds an empty database; a database that has plans or users is left as it is. */
  async seedIfEmpty(): Promise<SeedSummary> {
    if (!(await this.isEmpty())) return { seeded: false, units: 0, plans: [], users: 0, demoUsersSkipped: false };
    return this.seed();
  }

  /** The unit catalogues, the seed tables and the demo users; every step is idempotent. */
  async seed(dir = seedsDirectory(), options: { plans?: boolean } = {}): Promise<SeedSummary> {
    let units = 0;
    for (const catalogue of readCatalogues(dir)) {
      await this.dataSource.transaction(async (manager) => {
        const result = await this.units.upsertCatalogue(manager, catalogue);
        units += result.inserted;
      });
    }
    const plans: SeedSummary['plans'] = [];
    for (const plan of options.plans === false ? [] : readSeedPlans(dir)) {
      const result = await this.imports.import({ ...plan, dryRun: false });
      if (result.planId === null) throw new Error(`seed table ${plan.file} was not imported`);
      plans.push({ planId: result.planId, name: plan.name ?? plan.file, tasks: result.created.tasks, warnings: result.warnings.length });
    }
    // demo users share a published password: a production deployment (the compose file's) never gets them
    const demoUsersSkipped = this.config.production;
    const users = demoUsersSkipped ? 0 : await this.createDemoUsers(dir);
    this.logger.log(`seeded ${units} units, ${plans.length} plan(s), ${demoUsersSkipped ? 'no demo users (production)' : `${users} demo users`}`);
    return { seeded: true, units, plans, users, demoUsersSkipped };
  }

  private async createDemoUsers(dir: string): Promise<number> {
    const demo = readDemoUsers(dir);
    const unitRows: { id: string; name: string; kind: string; jurisdiction: string }[] = await this.dataSource.query(
      'SELECT id::text, name, kind, jurisdiction FROM units WHERE verified ORDER BY units.id',
    );
    const unitId = (name: string): string => {
      const row = unitRows.find((unit) => unit.name === name);
      if (!row) throw new Error(`seeds/demo-users.json names the unit "${name}", which is not in the catalogue`);
      return row.id;
    };
    const password = this.config.demoPassword;
    const wanted = [
      { username: demo.admin.username, unitId: null, roles: ['admin' as const] },
      ...demo.inspectors.map((inspector) => ({ username: inspector.username, unitId: unitId(inspector.unit), roles: ['inspector' as const] })),
      ...unitRows
        .filter((unit) => ACTING_KINDS.has(unit.kind))
        .map((unit) => {
          const username = demo.officers[unit.name];
          if (!username) throw new Error(`seeds/demo-users.json has no officer for the unit "${unit.name}"`);
          return { username, unitId: unit.id, roles: ['officer' as const] };
        }),
      ...(demo.unitHeads ?? []).map((head) => ({ username: head.username, unitId: unitId(head.unit), roles: ['officer' as const, 'unit_head' as const] })),
      // the head of a supervision office: an inspector who is its unit's head (a close-out step's role office_head)
      ...(demo.officeHeads ?? []).map((head) => ({ username: head.username, unitId: unitId(head.unit), roles: ['inspector' as const, 'unit_head' as const] })),
    ];
    const existing = new Set((await this.users.list()).map((user) => user.username.toLowerCase()));
    const missing = wanted.filter((user) => !existing.has(user.username.toLowerCase()));
    // argon2 hashes on the libuv thread pool: a few at a time use every core
    for (let start = 0; start < missing.length; start += 4) {
      await Promise.all(
        missing
          .slice(start, start + 4)
          .map((user) => this.users.create({ ...user, name: demo.names?.[user.username] ?? null, password }, undefined, { demo: true })),
      );
    }
    return missing.length;
  }
}
