import { Module } from '@nestjs/common';
import { UnitsModule } from '@duban/units';
import { UnitsController } from './units.controller';

/** Routes: /units. */
@Module({
  imports: [UnitsModule],
  controllers: [UnitsController],
})
export class UnitsApiModule {}
