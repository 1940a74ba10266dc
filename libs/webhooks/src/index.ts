export * from './delivery-retry-policy';
export * from './webhook-signature';
export * from './webhook-queue.registry';
export * from './webhook.dto';
export * from './webhook-delivery.service';
export * from './webhooks.service';
export * from './webhooks.module';
export * from './webhooks-worker.module';
