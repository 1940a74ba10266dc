import { Module } from '@nestjs/common';
import { UnitMergeModule } from '@duban/unit-merge';
import { UnitsModule } from '@duban/units';
import { UnitsController } from './units.controller';
import { JurisdictionsController } from './jurisdictions.controller';

/** Routes: /units, /jurisdictions. */
@Module({
  imports: [UnitsModule, UnitMergeModule],
  controllers: [UnitsController, JurisdictionsController],
})
export class UnitsApiModule {}
