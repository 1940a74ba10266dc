import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@duban/auth';
import { type BulkAnswer, BulkAnswerView, BulkSupervisionService } from '@duban/workflow';
import { ApiErrors } from '../http/api-errors.decorator';
import { validateNested } from '../http/validation';
import { BULK_PAYLOAD_CLASSES, BulkRequestDto } from './bulk-supervision.dto';
import { Idempotent } from '../http/idempotency.interceptor';

@ApiTags('tasks')
@Controller('tasks')
export class BulkSupervisionController {
  constructor(private readonly bulk: BulkSupervisionService) {}

  @Idempotent()
  @Post('bulk')
  @HttpCode(200)
  @Roles('admin', 'inspector')
  @ApiOperation({ summary: 'Urge, extend or reassign the lead of many tasks at once (at most 1,000)' })
  @ApiOkResponse({ type: BulkAnswerView, description: 'each task went through the machine on its own: done, or skipped with the reason' })
  @ApiErrors(401, {
    400: 'a bad action or payload, neither or both of ids and filter, or more than 1,000 tasks',
    403: 'only inspectors and admins act in bulk',
  })
  async apply(@CurrentUser() user: AuthenticatedUser, @Body() body: BulkRequestDto): Promise<BulkAnswer> {
    const payload = await validateNested(BULK_PAYLOAD_CLASSES[body.action], body.payload, 'payload');
    return this.bulk.apply(user, { action: body.action, ids: body.ids, filter: body.filter, payload });
  }
}
