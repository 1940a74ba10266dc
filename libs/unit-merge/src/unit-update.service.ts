import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TaskLinksStore } from '@duban/tasks';
import { UnitAdminService, type UpdateUnitInput } from '@duban/units';

/**
 * `PATCH /units/:id`: the admin's correction of a unit (UnitAdminService) and, when its name changes, the
 * task list's copies of that name (`task_list_units`, through TaskLinksStore, its one writer), in one
 * transaction: the list never shows a name the catalogue no longer has. It lives here, above both
 * libraries, as the merge does (`@duban/tasks` depends on `@duban/units`, not the other way).
 */
@Injectable()
export class UnitUpdateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitAdmin: UnitAdminService,
    private readonly taskLinks: TaskLinksStore,
  ) {}

  async update(id: string, input: UpdateUnitInput, actorUserId: string | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { renamed } = await this.unitAdmin.updateWithin(manager, id, input, actorUserId);
      if (renamed) await this.taskLinks.refreshListUnitsNaming(manager, id);
    });
  }
}
