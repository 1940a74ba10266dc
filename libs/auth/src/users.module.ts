import { Module } from '@nestjs/common';
import { AuthUserCache } from './auth-user-cache';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, AuthUserCache],
  exports: [UsersService, AuthUserCache],
})
export class UsersModule {}
