export * from './auth.decorators';
export * from './auth.view';
export * from './auth.module';
export * from './password-hasher';
export * from './users.service';
export * from './users.module';
export { AuthUserCache } from './auth-user-cache';
export * from './auth.service';
export * from './user.store';
