import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { conflict, notFound } from '@duban/domain';
import { OutboxStore } from '../outbox.store';

/** An admin sends a dead letter again (`POST /admin/deliveries/:id/retry`). */
@Injectable()
export class DeliveriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: OutboxStore,
  ) {}

  async retry(deliveryId: string): Promise<void> {
    const result = await this.dataSource.transaction((manager) => this.store.retry(manager, deliveryId));
    if (result === 'not_found') throw notFound('delivery_not_found', `delivery ${deliveryId} does not exist`);
    if (result === 'not_failed') throw conflict('delivery_not_failed', `delivery ${deliveryId} is not failed: only a dead letter is retried`);
  }
}
