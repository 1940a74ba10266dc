import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@duban/auth';
import { SkipClockRefresh } from '../clock/clock-refresh.interceptor';
import { RedisHealthIndicator } from './redis.health';

@ApiTags('operations')
@Public()
// /health must name the service that is down, not fail on the simulated clock's read
@SkipClockRefresh()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Health: 200 when PostgreSQL and Redis answer, 503 otherwise', security: [] })
  check() {
    return this.health.check([() => this.database.pingCheck('postgres', { timeout: 1_500 }), () => this.redis.pingCheck('redis', 1_000)]);
  }
}
