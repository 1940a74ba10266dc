export * from './rectification-order.view';
export * from './order.store';
export * from './order-read.service';
export * from './rectification.module';
