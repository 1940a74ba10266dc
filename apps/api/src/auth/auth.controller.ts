import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllowedBeforePasswordChange, type AuthenticatedUser, AuthService, CurrentUser, LoginResultView, Public } from '@duban/auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { ChangePasswordDto, LoginDto } from './login.dto';
import { clearRefreshCookie, refreshCookieOf, setRefreshCookie } from './refresh-cookie';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in: a short-lived bearer token and the user; the refresh token in an HttpOnly cookie',
    security: [],
  })
  @ApiOkResponse({
    type: LoginResultView,
    headers: { 'Set-Cookie': { description: 'duban_refresh: HttpOnly; SameSite=Strict; Path=/api/v1/auth; Secure over TLS', schema: { type: 'string' } } },
  })
  @ApiErrors(400, {
    401: 'wrong username or password, or the user is disabled',
    429: 'too many failed logins for this username or address',
  })
  async login(@Body() body: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResultView> {
    const issued = await this.auth.login(body.username, body.password, request.ip ?? 'unknown');
    setRefreshCookie(request, reply, issued);
    return issued.result;
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'A new access token for the refresh cookie, which is rotated; a cookie used twice ends its session', security: [] })
  @ApiOkResponse({ type: LoginResultView })
  @ApiErrors({ 401: 'no cookie, the session has ended, or the cookie was used before (code session_ended): log in again' })
  async refresh(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResultView> {
    try {
      const issued = await this.auth.refresh(refreshCookieOf(request), request.ip ?? 'unknown');
      setRefreshCookie(request, reply, issued);
      return issued.result;
    } catch (error) {
      clearRefreshCookie(request, reply);
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(204)
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'End the bearer token’s session at once, in every api process; the cookie is cleared' })
  @ApiNoContentResponse({ description: 'the session has ended: its access token answers 401 and its refresh cookie no longer works' })
  @ApiErrors(401)
  async logout(@CurrentUser() user: AuthenticatedUser, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(user, request.ip ?? 'unknown');
    clearRefreshCookie(request, reply);
  }

  @Post('password')
  @HttpCode(200)
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'Change one’s own password: every session of the user ends, the caller gets a new one' })
  @ApiOkResponse({ type: LoginResultView, description: 'a new session (token and cookie); every other session of the user has ended' })
  @ApiErrors(401, {
    400: 'currentPassword is wrong (current_password_wrong), or newPassword is too short, common or like the username (password_too_short, password_too_common, password_like_username), or unchanged',
    429: 'too many failed attempts for this username or address',
  })
  async changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ChangePasswordDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResultView> {
    const issued = await this.auth.changePassword(user, body.currentPassword, body.newPassword, request.ip ?? 'unknown');
    setRefreshCookie(request, reply, issued);
    return issued.result;
  }
}
