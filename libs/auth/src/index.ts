export * from './auth.decorators';
export * from './auth.dto';
export * from './auth.module';
export * from './password-hasher';
export * from './users.dto';
export * from './users.service';
export * from './users.module';
export { USER_OF_TOKEN_SQL } from './jwt-auth.guard';
export { AuthUserCache } from './auth-user-cache';
