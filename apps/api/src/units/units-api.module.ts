import { Module } from '@nestjs/common';
import { UnitMergeModule } from '@duban/unit-merge';
import { UnitsModule } from '@duban/units';
import { UnitsController } from './units.controller';

/** Routes: /units. */
@Module({
  imports: [UnitsModule, UnitMergeModule],
  controllers: [UnitsController],
})
export class UnitsApiModule {}
