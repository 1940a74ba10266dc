import { Module } from '@nestjs/common';
import { AuthModule, UsersModule } from '@duban/auth';
import { AuthController } from './auth.controller';
import { UsersController } from './users.controller';

/** Routes: /auth (login) and /users (admins). */
@Module({
  imports: [AuthModule, UsersModule],
  controllers: [AuthController, UsersController],
})
export class AuthApiModule {}
