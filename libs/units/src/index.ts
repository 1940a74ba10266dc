export * from './unit.view';
export * from './units.service';
export * from './units.module';
export * from './unit.store';
export * from './unit-admin.service';
export * from './jurisdictions/jurisdiction.view';
export * from './jurisdictions/jurisdictions.service';
export * from './jurisdictions/jurisdictions-overseen-sql';
