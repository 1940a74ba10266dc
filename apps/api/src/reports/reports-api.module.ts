import { Module } from '@nestjs/common';
import { ReportsModule } from '@duban/reports';
import { ReportsController } from './reports.controller';

/** Routes: /reports. */
@Module({
  imports: [ReportsModule],
  controllers: [ReportsController],
})
export class ReportsApiModule {}
