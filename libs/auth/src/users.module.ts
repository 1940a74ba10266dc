import { Module } from '@nestjs/common';
import { AuthUserCache } from './auth-user-cache';
import { UserStore } from './user.store';
import { UsersService } from './users.service';

/** Users: their store and the admins' operations on them. */
@Module({
  providers: [UsersService, UserStore, AuthUserCache],
  exports: [UsersService, UserStore, AuthUserCache],
})
export class UsersModule {}
