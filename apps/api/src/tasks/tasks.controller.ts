import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@duban/auth';
import { TaskAccessService, TaskEventView, TaskListService, TaskPageView, TaskReadService, TaskView } from '@duban/tasks';
import { TaskWorkflowService } from '@duban/workflow';
import { IdParamPipe } from '../http/id-param.pipe';
import { validateNested } from '../http/validation';
import { PAYLOAD_CLASSES, TaskEventRequestDto } from './task-events.dto';
import { TaskListQueryDto } from './task-list.dto';

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly reads: TaskReadService,
    private readonly list: TaskListService,
    private readonly access: TaskAccessService,
    private readonly workflow: TaskWorkflowService,
  ) {}

  @Get()
  @ApiOkResponse({ type: TaskPageView })
  async find(@CurrentUser() user: AuthenticatedUser, @Query() query: TaskListQueryDto): Promise<TaskPageView> {
    const { items, nextCursor, snapshots } = await this.list.list(user, query);
    return { items: await this.withAllowedEvents(user, items, snapshots), nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: TaskView })
  @ApiForbiddenResponse({ description: 'not a task of your unit' })
  @ApiNotFoundResponse()
  async findOne(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string): Promise<TaskView> {
    await this.access.assertVisible(user, id);
    const { task, snapshot } = await this.reads.findOneWithSnapshot(id);
    const [withEvents] = await this.withAllowedEvents(user, [task], [{ id, snapshot }]);
    return withEvents;
  }

  @Get(':id/events')
  @ApiOkResponse({ type: [TaskEventView] })
  async events(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string): Promise<TaskEventView[]> {
    await this.access.assertVisible(user, id);
    return this.reads.events(id);
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskView, description: 'the task after the event' })
  @ApiBadRequestResponse({ description: 'a bad payload: every bad field is named' })
  @ApiForbiddenResponse({ description: 'not your role, or not your unit’s task' })
  @ApiNotFoundResponse({ description: 'no such task' })
  @ApiConflictResponse({ description: 'not allowed in the task’s state now, or expectedVersion is stale' })
  async send(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string, @Body() body: TaskEventRequestDto): Promise<TaskView> {
    const payload = (await validateNested(PAYLOAD_CLASSES[body.type], body.payload, 'payload')) as Record<string, unknown>;
    return this.workflow.applyUserEvent(id, user, { type: body.type, expectedVersion: body.expectedVersion, payload });
  }

  /** `snapshots`: read with the tasks, so that the events allowed are those of the state shown. */
  private async withAllowedEvents(user: AuthenticatedUser, tasks: TaskView[], snapshots: { id: string; snapshot: unknown }[]): Promise<TaskView[]> {
    if (tasks.length === 0) return tasks;
    const allowed = await this.access.allowedEventsFor(user, snapshots);
    return tasks.map((task) => ({ ...task, allowedEvents: allowed.get(task.id) ?? [] }));
  }
}
