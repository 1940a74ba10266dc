import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { dataSourceOptions, DubanDataSource } from '@duban/persistence';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions({ databaseUrl: config.databaseUrl, poolSize: config.dbPoolSize }),
        // main.ts checks the connection first and explains a failure in one line
        retryAttempts: 0,
      }),
      // joins an idempotent request's transaction (see libs/persistence/src/ambient-transaction.ts)
      dataSourceFactory: (options) => new DubanDataSource(options!).initialize(),
    }),
  ],
})
export class DatabaseModule {}
