import { Global, Module } from '@nestjs/common';
import { IdempotencyKeyStore } from './idempotency-key.store';
import { IdempotencyService } from './idempotency.service';

/** Keyed writes for the api's routes (`@Idempotent()`); the DataSource and the configuration come from the process's root modules. */
@Global()
@Module({
  providers: [IdempotencyKeyStore, IdempotencyService],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
