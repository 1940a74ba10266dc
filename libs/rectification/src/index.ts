export * from './rectification-order.dto';
export * from './order.store';
export * from './order-read.service';
export * from './rectification.module';
