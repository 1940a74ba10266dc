import { Body, Controller, Get, HttpCode, Param, Post, Put, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@duban/auth';
import { invalid, type JsonSchema, planPolicySchema } from '@duban/domain';
import {
  DeadlinePolicyView,
  ImportResultView,
  LedgerService,
  MAX_TABLE_CHARACTERS,
  PlanImportService,
  PlanPolicyRulesView,
  PlanPolicyService,
  PlanPolicyView,
  PlansService,
  PlanSummaryView,
  PlanView,
} from '@duban/plans';
import { TaskAccessService, TaskReadService, TaskView } from '@duban/tasks';
import { ApiErrors } from '../http/api-errors.decorator';
import { IdParamPipe } from '../http/id-param.pipe';
import { MultipartFileInterceptor, UploadedBytes, type UploadedFileBytes } from '../http/multipart-file.interceptor';
import { Idempotent } from '../http/idempotency.interceptor';
import { CreatePlanDto, CreateTaskDto } from './ledger.dto';
import { DeadlinePolicyDto, ImportPlanDto, PlanPolicyDto } from './plans.dto';

@ApiTags('plans')
@ApiErrors(401)
@Controller('plans')
export class PlansController {
  constructor(
    private readonly imports: PlanImportService,
    private readonly plans: PlansService,
    private readonly tasks: TaskReadService,
    private readonly access: TaskAccessService,
    private readonly policies: PlanPolicyService,
    private readonly ledger: LedgerService,
  ) {}

  @Idempotent()
  @Post('import')
  @HttpCode(200)
  @Roles('admin')
  @UseInterceptors(MultipartFileInterceptor('file', { fileSize: MAX_TABLE_CHARACTERS * 3, fields: 12 }))
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: ImportPlanDto })
  @ApiOperation({ summary: 'Import a task decomposition table (or preview the import with dryRun)' })
  @ApiOkResponse({ type: ImportResultView })
  @ApiErrors({
    400: 'the table cannot be read: every problem with its line number (also in errors: [{line, code, message, where}]), or the file is damaged, encrypted, too large or of a kind not read; or a parent plan that does not fit (parent_task_invalid, jurisdiction_not_below, parent_task_not_served); nothing was written',
    403: 'only admins import',
  })
  async import(@Body() body: ImportPlanDto, @UploadedBytes() file?: UploadedFileBytes): Promise<ImportResultView> {
    if (file && body.content !== undefined) throw invalid('invalid_request', 'send the table either as content or as the file field, not both');
    // an uploaded file may be text, Word or Excel: the library judges it from its bytes
    if (file) return this.imports.importUpload({ ...body, bytes: file.buffer, fileName: file.originalname });
    if (body.content === undefined) throw invalid('invalid_request', 'content is required (or upload the table as the multipart field file)');
    return this.imports.import({ ...body, content: body.content });
  }

  @Idempotent()
  @Post()
  @HttpCode(201)
  @Roles('admin', 'inspector')
  @ApiOperation({ summary: 'Create an empty plan: a ledger of tasks that come from no table (领导批示, meetings, a superior)' })
  @ApiCreatedResponse({ type: PlanSummaryView })
  @ApiErrors({
    400: 'a field is missing or malformed, or planEnd is before planStart; parentTaskIds that do not fit (parent_task_invalid, jurisdiction_not_below, parent_task_not_served)',
    403: 'only admins and inspectors create plans; a banner’s inspector only in its jurisdiction and those below (outside_jurisdiction)',
  })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreatePlanDto): Promise<PlanSummaryView> {
    await this.access.assertOverseesJurisdiction(user, body.jurisdiction ?? null);
    return this.ledger.createPlan(body);
  }

  @Idempotent()
  @Post(':id/tasks')
  @HttpCode(201)
  @Roles('admin', 'inspector')
  @ApiOperation({ summary: 'Create a task in a plan: due on a day or in a number of working days, from a source, with an urgency' })
  @ApiCreatedResponse({ type: TaskView, description: 'the task in assigned: its lead units have their start_task items and its deadline timers run' })
  @ApiErrors({
    400: 'a field is missing or malformed; dueAt and termWorkingDays both or neither; a unit that does not exist, is of another jurisdiction or is a group (invalid_units)',
    403: 'only admins and inspectors create tasks; a banner’s inspector only in its jurisdiction’s plans and those below (outside_jurisdiction)',
    404: 'no such plan',
  })
  async createTask(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string, @Body() body: CreateTaskDto): Promise<TaskView> {
    await this.access.assertSeesWholePlan(user, id);
    const task = await this.ledger.createTask(id, body);
    const allowed = await this.access.allowedEventsFor(user, await this.tasks.snapshotsOf([task.id]));
    return { ...task, allowedEvents: allowed.get(task.id) ?? [] };
  }

  @Get()
  @ApiOperation({ summary: 'List the plans' })
  @ApiOkResponse({ type: [PlanSummaryView] })
  list(): Promise<PlanSummaryView[]> {
    return this.plans.list();
  }

  @Get('policy-schema')
  @ApiOperation({ summary: 'The JSON Schema of a plan’s policy document' })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true, description: 'a JSON Schema (draft 2020-12)' } })
  policySchema(): JsonSchema {
    return planPolicySchema();
  }

  @Get(':id/policy')
  @ApiOperation({ summary: 'Read a plan’s policy document, defaults filled in' })
  @ApiOkResponse({ type: PlanPolicyRulesView })
  @ApiErrors(400, { 404: 'no such plan' })
  policy(@Param('id', new IdParamPipe()) id: string): Promise<PlanPolicyRulesView> {
    return this.policies.get(id);
  }

  @Idempotent()
  @Put(':id/policy')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace a plan’s policy document' })
  @ApiOkResponse({
    type: PlanPolicyView,
    description: 'a section left out returns to its defaults; when the deadlines change, the open tasks’ pending deadline timers follow',
  })
  @ApiErrors({ 400: 'a bad policy: every bad field of every section is named', 403: 'only admins change a policy', 404: 'no such plan' })
  replacePolicy(@Param('id', new IdParamPipe()) id: string, @Body() body: PlanPolicyDto): Promise<PlanPolicyView> {
    return this.policies.replace(id, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a plan: its outline (sections, work items, task ids), deadline policy and import warnings' })
  @ApiOkResponse({ type: PlanView })
  @ApiErrors(400, { 404: 'no such plan' })
  get(@Param('id', new IdParamPipe()) id: string): Promise<PlanView> {
    return this.plans.get(id);
  }

  @Idempotent()
  @Put(':id/deadline-policy')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace a plan’s deadline policy' })
  @ApiOkResponse({ type: DeadlinePolicyView, description: "the open tasks' pending deadline timers follow the new policy; orders already issued keep theirs" })
  @ApiErrors({ 400: 'a bad policy: every bad field is named', 403: 'only admins change a policy', 404: 'no such plan' })
  replaceDeadlinePolicy(@Param('id', new IdParamPipe()) id: string, @Body() body: DeadlinePolicyDto): Promise<DeadlinePolicyView> {
    return this.policies.replaceDeadlines(id, body.deadlinePolicy);
  }

  @Get(':id/tasks')
  @ApiOperation({ summary: 'List a plan’s tasks' })
  @ApiOkResponse({
    type: [TaskView],
    description: 'in seq order; an officer sees the tasks of its unit, a lower government’s officer all the tasks of its jurisdiction’s plans',
  })
  @ApiErrors(400, { 404: 'no such plan' })
  async tasksOf(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string): Promise<TaskView[]> {
    await this.plans.assertExists(id);
    const tasks = await this.tasks.findByPlan(id, (await this.access.seesWholePlan(user, id)) ? undefined : (user.unitId ?? undefined));
    if (tasks.length === 0) return tasks;
    const allowed = await this.access.allowedEventsFor(user, await this.tasks.snapshotsOf(tasks.map((task) => task.id)));
    return tasks.map((task) => ({ ...task, allowedEvents: allowed.get(task.id) ?? [] }));
  }
}
