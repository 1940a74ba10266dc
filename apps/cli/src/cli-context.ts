import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type AppConfig, loadConfig } from '@duban/config';
import { checkPostgres } from '@duban/persistence';
import { exitOnStartupError } from '@duban/platform';
import { CliModule } from './cli.module';

/** A user's mistake on the command line: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** Runs a command with the application's services; known failures become one clear line. */
export async function runCommand(name: string, command: (context: INestApplicationContext, config: AppConfig) => Promise<number | void>): Promise<void> {
  let context: INestApplicationContext | undefined;
  // `npm run plan:show -- 1 | head` closes the pipe early; that is not an error
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    const config = loadConfig();
    await checkPostgres(config.databaseUrl);
    context = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
    const code = await command(context, config);
    await context.close();
    process.exitCode = code ?? 0;
  } catch (error) {
    await context?.close().catch(() => undefined);
    if (error instanceof UsageError) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exit(2);
    }
    exitOnStartupError(name, error);
  }
}
