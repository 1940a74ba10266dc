import { Module } from '@nestjs/common';
import { UnitStore } from './unit.store';
import { UnitsService } from './units.service';

/** The unit catalogue: its store and its reads. */
@Module({
  providers: [UnitsService, UnitStore],
  exports: [UnitsService, UnitStore],
})
export class UnitsModule {}
