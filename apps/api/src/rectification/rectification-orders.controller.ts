import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@duban/auth';
import { OrderReadService, RectificationOrderView } from '@duban/rectification';
import { OrderWorkflowService } from '@duban/workflow';
import { ApiErrors } from '../http/api-errors.decorator';
import { IdParamPipe } from '../http/id-param.pipe';
import { ListOrdersQueryDto, ReturnOrderDto, SubmitOrderDto } from './rectification-orders.dto';
import { Idempotent } from '../http/idempotency.interceptor';

@ApiTags('rectification orders')
@ApiErrors(401)
@Controller('rectification-orders')
export class RectificationOrdersController {
  constructor(
    private readonly orders: OrderReadService,
    private readonly workflow: OrderWorkflowService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List rectification orders, by task, unit or state' })
  @ApiOkResponse({ type: [RectificationOrderView], description: 'by task, round and id; an officer sees the orders of its unit’s tasks' })
  @ApiErrors(400, { 403: 'an officer may list only the orders of its own unit' })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListOrdersQueryDto): Promise<RectificationOrderView[]> {
    return this.orders.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a rectification order' })
  @ApiOkResponse({ type: RectificationOrderView })
  @ApiErrors(400, { 403: 'not an order of your unit’s task', 404: 'no such order' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string): Promise<RectificationOrderView> {
    return this.orders.get(user, id);
  }

  @Idempotent()
  @Post(':id/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit the rectification of an order, with evidence' })
  @ApiOkResponse({ type: RectificationOrderView })
  @ApiErrors(400, {
    403: 'only an officer of the addressed unit submits',
    404: 'no such order',
    409: 'the order is not awaiting a submission',
  })
  submit(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string, @Body() body: SubmitOrderDto): Promise<RectificationOrderView> {
    return this.workflow.submit(user, id, body);
  }

  @Idempotent()
  @Post(':id/return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Return a submitted rectification for another round' })
  @ApiOkResponse({ type: RectificationOrderView })
  @ApiErrors(400, {
    403: 'only an inspector of a unit that does not lead the task returns a submission',
    404: 'no such order',
    409: 'only a submitted order of a task still in rectification can be returned',
  })
  returnSubmission(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParamPipe()) id: string,
    @Body() body: ReturnOrderDto,
  ): Promise<RectificationOrderView> {
    return this.workflow.returnSubmission(user, id, body.reason);
  }
}
