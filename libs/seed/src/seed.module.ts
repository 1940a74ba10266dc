import { Module } from '@nestjs/common';
import { UsersModule } from '@duban/auth';
import { PlansModule } from '@duban/plans';
import { UnitsModule } from '@duban/units';
import { SeedService } from './seed.service';

@Module({
  imports: [UnitsModule, PlansModule, UsersModule],
  providers: [SeedService],
  exports: [SeedService],
})
export class SeedModule {}
