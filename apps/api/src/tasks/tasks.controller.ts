import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@duban/auth';
import { TaskAccessService, TaskEventView, TaskListService, TaskPageView, TaskReadService, TaskView } from '@duban/tasks';
import { TaskEditService, TaskWorkflowService } from '@duban/workflow';
import { ApiErrors } from '../http/api-errors.decorator';
import { IdParamPipe } from '../http/id-param.pipe';
import { validateNested } from '../http/validation';
import { PAYLOAD_CLASSES, TaskEventRequestDto } from './task-events.dto';
import { TaskListQueryDto } from './task-list.dto';
import { EditTaskDto } from './task-edit.dto';
import { Idempotent } from '../http/idempotency.interceptor';

@ApiTags('tasks')
@ApiErrors(401)
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly reads: TaskReadService,
    private readonly list: TaskListService,
    private readonly access: TaskAccessService,
    private readonly workflow: TaskWorkflowService,
    private readonly editing: TaskEditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List tasks, filtered, a page at a time' })
  @ApiOkResponse({ type: TaskPageView })
  @ApiErrors({ 400: 'a bad filter or a cursor this listing did not return', 403: 'an officer may name only its own unit' })
  async find(@CurrentUser() user: AuthenticatedUser, @Query() query: TaskListQueryDto): Promise<TaskPageView> {
    const { items, nextCursor, snapshots } = await this.list.list(user, query);
    return { items: await this.withAllowedEvents(user, items, snapshots), nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a task, with the events the caller may send now' })
  @ApiOkResponse({ type: TaskView })
  @ApiErrors(400, { 403: 'not a task of your unit', 404: 'no such task' })
  async findOne(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string): Promise<TaskView> {
    await this.access.assertVisible(user, id);
    const { task, snapshot } = await this.reads.findOneWithSnapshot(id);
    const [withEvents] = await this.withAllowedEvents(user, [task], [{ id, snapshot }]);
    return withEvents;
  }

  @Idempotent()
  @Patch(':id')
  @Roles('admin', 'inspector')
  @ApiOperation({ summary: 'Correct a task’s text, due day or units, with a reason (audited as EDIT with before and after)' })
  @ApiOkResponse({ type: TaskView, description: 'the task after the correction' })
  @ApiErrors({
    400: 'a bad body, nothing to change, a due day before today, units that do not exist or both lead and are responsible',
    403: 'not an admin, or an inspector of a unit that leads the task',
    404: 'no such task',
    409: 'the task is closed or cancelled',
  })
  edit(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string, @Body() body: EditTaskDto): Promise<TaskView> {
    return this.editing.edit(id, user, body);
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'Read a task’s audit trail' })
  @ApiOkResponse({ type: [TaskEventView], description: 'every event, oldest first' })
  @ApiErrors(400, { 403: 'not a task of your unit', 404: 'no such task' })
  async events(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string): Promise<TaskEventView[]> {
    await this.access.assertVisible(user, id);
    return this.reads.events(id);
  }

  @Idempotent()
  @Post(':id/events')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send an event to a task (start, report, assess, inspect, order rectification, close, …)' })
  @ApiOkResponse({ type: TaskView, description: 'the task after the event' })
  @ApiErrors({
    400: 'a bad payload: every bad field is named',
    403: 'not your role, or not your unit’s task',
    404: 'no such task',
    409: 'not allowed in the task’s state now, or expectedVersion is stale',
  })
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
