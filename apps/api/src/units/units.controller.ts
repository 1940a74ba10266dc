import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UnitsService, UnitView } from '@duban/units';
import { ApiErrors } from '../http/api-errors.decorator';
import { IdParamPipe } from '../http/id-param.pipe';
import { ListUnitsQueryDto } from './units.dto';

@ApiTags('units')
@ApiErrors(401)
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @ApiOperation({ summary: 'List the units, or those of one jurisdiction' })
  @ApiOkResponse({ type: [UnitView] })
  @ApiErrors(400)
  list(@Query() query: ListUnitsQueryDto): Promise<UnitView[]> {
    return this.units.list(query.jurisdiction);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a unit' })
  @ApiOkResponse({ type: UnitView })
  @ApiErrors(400, { 404: 'no such unit' })
  get(@Param('id', new IdParamPipe()) id: string): Promise<UnitView> {
    return this.units.get(id);
  }
}
