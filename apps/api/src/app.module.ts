import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuthModule } from '@duban/auth';
import { ConfigModule } from '@duban/config';
import { DeadlinesModule } from '@duban/deadlines';
import { InboxModule } from '@duban/inbox';
import { PlansModule } from '@duban/plans';
import { ClockModule, ClockRefreshInterceptor, DatabaseModule, HealthModule, LoggingModule, RedisModule } from '@duban/platform';
import { RectificationModule } from '@duban/rectification';
import { ReportsModule } from '@duban/reports';
import { TasksModule } from '@duban/tasks';
import { UnitsModule } from '@duban/units';
import { WebhooksModule } from '@duban/webhooks';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    ClockModule,
    HealthModule,
    AuthModule,
    UnitsModule,
    PlansModule,
    TasksModule,
    RectificationModule,
    InboxModule,
    DeadlinesModule,
    WebhooksModule,
    ReportsModule,
  ],
  providers: [{ provide: APP_INTERCEPTOR, useClass: ClockRefreshInterceptor }],
})
export class AppModule {}
