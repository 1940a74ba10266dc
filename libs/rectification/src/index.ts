export * from './rectification-order.dto';
export * from './rectification-orders.service';
export * from './rectification.module';
