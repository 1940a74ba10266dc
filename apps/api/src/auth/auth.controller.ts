import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthService, LoginResultView, Public } from '@duban/auth';
import { LoginDto } from './login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResultView })
  @ApiUnauthorizedResponse({ description: 'wrong username or password, or the user is disabled' })
  @ApiTooManyRequestsResponse({ description: 'too many failed logins for this username or address' })
  login(@Body() body: LoginDto, @Req() request: Request): Promise<LoginResultView> {
    return this.auth.login(body.username, body.password, request.ip ?? 'unknown');
  }
}
