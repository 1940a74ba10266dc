import { Module } from '@nestjs/common';
import { AuthModule, UsersModule } from '@duban/auth';
import { AuthController } from './auth.controller';
import { SecurityEventsController } from './security-events.controller';
import { UsersController } from './users.controller';

/** Routes: /auth (login, refresh, logout, password), /users and /admin/security-events (admins). */
@Module({
  imports: [AuthModule, UsersModule],
  controllers: [AuthController, UsersController, SecurityEventsController],
})
export class AuthApiModule {}
