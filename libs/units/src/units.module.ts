import { Module } from '@nestjs/common';
import { UnitStore } from './unit.store';
import { UnitAdminService } from './unit-admin.service';
import { UnitsService } from './units.service';
import { JurisdictionsService } from './jurisdictions/jurisdictions.service';

/** The unit catalogue: its store, its reads and the admin's changes (a merge is `@duban/unit-merge`'s). */
@Module({
  providers: [UnitsService, UnitAdminService, UnitStore, JurisdictionsService],
  exports: [UnitsService, UnitAdminService, UnitStore, JurisdictionsService],
})
export class UnitsModule {}
