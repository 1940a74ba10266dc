import { Module } from '@nestjs/common';
import { AuthModule } from '@duban/auth';
import { ConfigModule } from '@duban/config';
import { PlansModule } from '@duban/plans';
import { RectificationModule } from '@duban/rectification';
import { TasksModule } from '@duban/tasks';
import { InboxModule } from '@duban/inbox';
import { DeadlinesModule } from '@duban/deadlines';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ClockModule, ClockRefreshInterceptor, DatabaseModule, HealthModule, LoggingModule, RedisModule } from '@duban/platform';
import { UnitsModule } from '@duban/units';
import { WebhooksModule } from '@duban/webhooks';

@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, RedisModule, ClockModule, HealthModule, AuthModule, UnitsModule, PlansModule, TasksModule, RectificationModule, InboxModule, DeadlinesModule, WebhooksModule],
  providers: [{ provide: APP_INTERCEPTOR, useClass: ClockRefreshInterceptor }],
})
export class AppModule {}
