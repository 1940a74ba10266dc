import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { calendarCoverageWarning } from '@duban/clock';
import { loadConfig } from '@duban/config';
import { checkPostgres } from '@duban/persistence';
import { checkRedis, closeOnSignals, exitOnStartupError } from '@duban/platform';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  await checkPostgres(config.databaseUrl);
  await checkRedis(config.redisUrl);
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  const logger = new Logger('Worker');
  const calendarWarning = calendarCoverageWarning(new Date());
  if (calendarWarning) new Logger('Calendar').warn(calendarWarning);
  closeOnSignals(app, logger);
  await app.init();
  logger.log(`worker ready (queue prefix "${config.queuePrefix}")`);
}

bootstrap().catch((error: unknown) => exitOnStartupError('worker', error));
