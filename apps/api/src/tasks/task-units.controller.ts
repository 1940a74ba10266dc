import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@duban/auth';
import {
  CloseOutChainStatusView,
  CloseOutReadService,
  ContributionReadService,
  ContributionView,
  SubmissionDraftReadService,
  SubmissionDraftView,
  TaskAccessService,
  UnitHandlersView,
} from '@duban/tasks';
import { TaskHandlersService } from '@duban/workflow';
import { ApiErrors } from '../http/api-errors.decorator';
import { IdParamPipe } from '../http/id-param.pipe';
import { AssignHandlersDto } from './task-handlers.dto';

/** The units of a task from the inside: the responsible units' contributions (协办) and each unit's handlers (承办人). */
@ApiTags('tasks')
@ApiErrors(401)
@Controller('tasks')
export class TaskUnitsController {
  constructor(
    private readonly access: TaskAccessService,
    private readonly contributions: ContributionReadService,
    private readonly handlers: TaskHandlersService,
    private readonly closeOut: CloseOutReadService,
    private readonly drafts: SubmissionDraftReadService,
  ) {}

  @Get(':id/drafts')
  @ApiOperation({
    summary: 'Read the submissions drafted for a unit head’s sign-off (审核签发): pending, approved (sent) or returned with the head’s reason',
  })
  @ApiOkResponse({
    type: [SubmissionDraftView],
    description: 'newest first; the head approves or returns a pending one with APPROVE_SUBMISSION / RETURN_SUBMISSION {draftId}',
  })
  @ApiErrors(400, { 403: 'not a task of your unit', 404: 'no such task' })
  async draftsOf(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string): Promise<SubmissionDraftView[]> {
    await this.access.assertVisible(user, id);
    return this.drafts.list(id);
  }

  @Get(':id/close-out')
  @ApiOperation({ summary: 'Read where the task stands in its 销号 chain: each step with its role, term, who completed it and when, and the grade' })
  @ApiOkResponse({ type: CloseOutChainStatusView, description: 'the inspector’s verdict first, then the plan’s steps' })
  @ApiErrors(400, { 403: 'not a task of your unit', 404: 'no such task' })
  async closeOutOf(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string): Promise<CloseOutChainStatusView> {
    await this.access.assertVisible(user, id);
    return this.closeOut.chainOf(id);
  }

  @Get(':id/contributions')
  @ApiOperation({ summary: 'Read every responsible unit’s contribution per reporting period (due, submitted, returned, overdue)' })
  @ApiOkResponse({ type: [ContributionView], description: 'newest period first, units in the task’s order' })
  @ApiErrors(400, { 403: 'not a task of your unit', 404: 'no such task' })
  contributionsOf(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string): Promise<ContributionView[]> {
    // the visibility check rides in the read's statement (one round trip)
    return this.contributions.list(user, id);
  }

  @Get(':id/handlers')
  @ApiOperation({ summary: 'Read the handlers (承办人) each unit of the task named' })
  @ApiOkResponse({ type: [UnitHandlersView], description: 'lead units first, then responsible units' })
  @ApiErrors(400, { 403: 'not a task of your unit', 404: 'no such task' })
  async handlersOf(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string): Promise<UnitHandlersView[]> {
    await this.access.assertVisible(user, id);
    return this.handlers.list(id, user);
  }

  @Put(':id/handlers')
  @ApiOperation({ summary: 'Name a unit’s handlers (承办人) for the task (the unit’s head, or an admin); audited as ASSIGN_HANDLERS' })
  @ApiOkResponse({ type: [UnitHandlersView], description: 'every unit of the task with its handlers, after the change' })
  @ApiErrors({
    400: 'a bad body, a unit that is not a unit of the task, or users who are not enabled users of that unit',
    403: 'not the head of a unit of the task, or another unit than the head’s own',
    404: 'no such task',
    409: 'the task is closed',
  })
  assign(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string, @Body() body: AssignHandlersDto): Promise<UnitHandlersView[]> {
    return this.handlers.assign(id, user, body);
  }
}
