import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthService, LoginResultView, Public } from '@duban/auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { LoginDto } from './login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in: a bearer token for 8 hours and the user', security: [] })
  @ApiOkResponse({ type: LoginResultView })
  @ApiErrors(400, {
    401: 'wrong username or password, or the user is disabled',
    429: 'too many failed logins for this username or address',
  })
  login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<LoginResultView> {
    return this.auth.login(body.username, body.password, request.ip ?? 'unknown');
  }
}
