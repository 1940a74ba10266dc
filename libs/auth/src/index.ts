export * from './auth.decorators';
export * from './auth.dto';
export * from './auth.module';
export * from './password-hasher';
export * from './users.dto';
export * from './users.service';
export * from './users.module';
export { AuthUserCache } from './auth-user-cache';
