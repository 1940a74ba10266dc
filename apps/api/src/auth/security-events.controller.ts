import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, SecurityAuditService, SecurityEventPageView } from '@duban/auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { ListSecurityEventsQueryDto } from './security-events.dto';

@ApiTags('security')
@Roles('admin')
@Controller('admin/security-events')
export class SecurityEventsController {
  constructor(private readonly audit: SecurityAuditService) {}

  @Get()
  @ApiOperation({ summary: 'The security audit, newest first: logins, failures, lockouts, sessions, user changes, exports' })
  @ApiOkResponse({ type: SecurityEventPageView })
  @ApiErrors(400, 401, { 403: 'only admins read the security audit' })
  list(@Query() query: ListSecurityEventsQueryDto): Promise<SecurityEventPageView> {
    return this.audit.list(query);
  }
}
