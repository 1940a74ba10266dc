import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { calendarCoverageWarning } from '@duban/clock';
import { loadConfig } from '@duban/config';
import { checkPostgres } from '@duban/persistence';
import { checkRedis, closeOnSignals, exitOnStartupError } from '@duban/platform';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import { createHttpAdapter } from './http/http-adapter';
import { requireJwtSecretInProduction } from './startup-checks';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  requireJwtSecretInProduction(config, process.env.NODE_ENV);
  await checkPostgres(config.databaseUrl);
  await checkRedis(config.redisUrl);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(config), { bufferLogs: true });
  configureApp(app, config);
  if (config.jwtSecretGenerated) {
    new Logger('Config').warn('JWT_SECRET is not set: tokens are signed with a random secret and stop working when the api restarts; set it for any real use');
  }
  const calendarWarning = calendarCoverageWarning(new Date());
  if (calendarWarning) new Logger('Calendar').warn(calendarWarning);
  closeOnSignals(app, new Logger('Api'));
  await app.listen(config.port, config.host);
  new Logger('Api').log(
    `listening on http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port} (console at /, API under /api/v1, docs at /docs, health at /health)`,
  );
}

bootstrap().catch((error: unknown) => exitOnStartupError('api', error));
