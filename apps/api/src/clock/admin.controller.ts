import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@duban/auth';
import { ClockService, ClockView, MilestoneCheckRefView, MilestoneCheckService, MilestoneCheckView } from '@duban/clock';
import { ApiErrors } from '../http/api-errors.decorator';
import { IdParamPipe } from '../http/id-param.pipe';
import { MoveClockDto, RunMilestoneCheckDto } from './admin.dto';
import { Idempotent } from '../http/idempotency.interceptor';

@ApiTags('admin')
@Roles('admin')
@ApiErrors(401, { 403: 'only admins' })
@Controller('admin')
export class AdminController {
  constructor(
    private readonly clock: ClockService,
    private readonly checks: MilestoneCheckService,
  ) {}

  @Get('clock')
  @ApiOperation({ summary: 'Read the clock: now, its mode and the timers due' })
  @ApiOkResponse({ type: ClockView })
  readClock(): Promise<ClockView> {
    return this.clock.read();
  }

  @Idempotent()
  @Post('clock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the simulated clock forward, firing every timer due by then' })
  @ApiOkResponse({ type: ClockView, description: 'every timer due by the new time has fired, in due order' })
  @ApiErrors(400, { 409: 'the system clock cannot be moved; the simulated one only forward' })
  moveClock(@Body() body: MoveClockDto): Promise<ClockView> {
    return this.clock.moveTo(new Date(body.now));
  }

  @Idempotent()
  @Post('milestone-checks')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run a milestone check of a plan as of a day' })
  @ApiOkResponse({ type: MilestoneCheckRefView, description: 'the check has run when this answers' })
  @ApiErrors(400, { 404: 'no such plan' })
  async runCheck(@CurrentUser() user: AuthenticatedUser, @Body() body: RunMilestoneCheckDto): Promise<MilestoneCheckRefView> {
    return { checkId: await this.checks.run(body.planId, body.asOf, 'admin', user.id) };
  }

  @Get('milestone-checks/:checkId')
  @ApiOperation({ summary: 'Read a milestone check and its report' })
  @ApiOkResponse({ type: MilestoneCheckView })
  @ApiErrors(400, { 404: 'no such milestone check' })
  getCheck(@Param('checkId', new IdParamPipe('checkId')) checkId: string): Promise<MilestoneCheckView> {
    return this.checks.get(checkId);
  }
}
