export * from './unit.dto';
export * from './units.service';
export * from './units.module';
export * from './unit.store';
