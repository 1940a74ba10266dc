import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@duban/auth';
import { type BulkAnswer, BulkSupervisionService } from '@duban/workflow';
import { validateNested } from '../http/validation';
import { BULK_PAYLOAD_CLASSES, BulkRequestDto } from './bulk-supervision.dto';

@ApiTags('tasks')
@Controller('tasks')
export class BulkSupervisionController {
  constructor(private readonly bulk: BulkSupervisionService) {}

  @Post('bulk')
  @HttpCode(200)
  @Roles('admin', 'inspector')
  @ApiOkResponse({ description: '{action, results: [{taskId, seq, outcome: done|skipped, reason?}], counts: {requested, done, skipped}}' })
  @ApiBadRequestResponse({ description: 'a bad action or payload, neither or both of ids and filter, or more than 1,000 tasks' })
  @ApiForbiddenResponse({ description: 'only inspectors and admins act in bulk' })
  async apply(@CurrentUser() user: AuthenticatedUser, @Body() body: BulkRequestDto): Promise<BulkAnswer> {
    const payload = await validateNested(BULK_PAYLOAD_CLASSES[body.action], body.payload, 'payload');
    return this.bulk.apply(user, { action: body.action, ids: body.ids, filter: body.filter, payload });
  }
}
