import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@duban/auth';
import { TaskRollupService, TaskRollupView } from '@duban/tasks';
import { ApiErrors } from '../http/api-errors.decorator';
import { IdParamPipe } from '../http/id-param.pipe';
import { RollupQueryDto } from './task-rollup.dto';

@ApiTags('tasks')
@ApiErrors(401)
@Controller('tasks')
export class TaskRollupController {
  constructor(private readonly rollups: TaskRollupService) {}

  @Get(':id/rollup')
  @ApiOperation({
    summary:
      'A task below its jurisdiction: per banner or district (township below a banner), its child tasks’ states, lights, overdue counts and latest indicator values; `tasks=none` for the figures alone, `branch` for one branch',
  })
  @ApiOkResponse({ type: TaskRollupView })
  @ApiErrors(400, { 403: 'not a task of your unit', 404: 'no such task, or no such branch of it you may see' })
  rollup(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string, @Query() query: RollupQueryDto): Promise<TaskRollupView> {
    // the visibility check is the roll-up's own statement's (one round trip for the task, its figures and the check)
    return this.rollups.rollup(id, user, { tasks: query.tasks ?? 'all', branch: query.branch ?? null });
  }
}
