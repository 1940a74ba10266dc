import { Module } from '@nestjs/common';
import { AuthRevocations } from './auth-revocations';
import { AuthUserCache } from './auth-user-cache';
import { SecurityAuditService } from './security-audit.service';
import { SecurityEventStore } from './security-event.store';
import { SessionStore } from './session.store';
import { UserStore } from './user.store';
import { UsersService } from './users.service';

/** Users, their sessions and the security audit: the stores and the admins' operations on them. */
@Module({
  providers: [UsersService, UserStore, AuthUserCache, SessionStore, SecurityEventStore, SecurityAuditService, AuthRevocations],
  exports: [UsersService, UserStore, AuthUserCache, SessionStore, SecurityEventStore, SecurityAuditService, AuthRevocations],
})
export class UsersModule {}
