import { Module } from '@nestjs/common';
import { ClockModule } from '@duban/clock';
import { ConfigModule } from '@duban/config';
import { IdempotencyModule } from '@duban/idempotency';
import { DatabaseModule, LoggingModule, RedisModule } from '@duban/platform';
import { AttachmentsApiModule } from './attachments/attachments-api.module';
import { AuthApiModule } from './auth/auth-api.module';
import { ClockApiModule } from './clock/clock-api.module';
import { ClockRefreshInterceptor } from './clock/clock-refresh.interceptor';
import { HealthModule } from './health/health.module';
import { InboxApiModule } from './inbox/inbox-api.module';
import { WebhooksApiModule } from './outbox/webhooks-api.module';
import { PlansApiModule } from './plans/plans-api.module';
import { RectificationApiModule } from './rectification/rectification-api.module';
import { ReportsApiModule } from './reports/reports-api.module';
import { SearchApiModule } from './search/search-api.module';
import { TasksApiModule } from './tasks/tasks-api.module';
import { UnitsApiModule } from './units/units-api.module';

/** The api process: the platform, and one module per capability declaring its routes (the libraries declare none). */
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    ClockModule,
    HealthModule,
    AuthApiModule,
    UnitsApiModule,
    PlansApiModule,
    TasksApiModule,
    RectificationApiModule,
    InboxApiModule,
    ClockApiModule,
    WebhooksApiModule,
    ReportsApiModule,
    SearchApiModule,
    IdempotencyModule,
    AttachmentsApiModule,
  ],
  // global in simulated mode only (configure-app.ts)
  providers: [ClockRefreshInterceptor],
})
export class AppModule {}
