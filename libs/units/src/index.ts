export * from './unit.dto';
export * from './units.service';
export * from './units.module';
