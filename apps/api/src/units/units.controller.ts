import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@duban/auth';
import { UnitMergeService, UnitUpdateService } from '@duban/unit-merge';
import { CatalogueImportResult, UnitAdminService, UnitEventView, UnitMergeResult, UnitsService, UnitView } from '@duban/units';
import { ApiErrors } from '../http/api-errors.decorator';
import { IdParamPipe } from '../http/id-param.pipe';
import { CreateUnitDto, ImportCatalogueDto, ListUnitsQueryDto, MergeUnitDto, UpdateUnitDto } from './units.dto';
import { Idempotent } from '../http/idempotency.interceptor';

const ADMINS_ONLY = { 403: 'only admins change the catalogue' };

@ApiTags('units')
@ApiErrors(401)
@Controller('units')
export class UnitsController {
  constructor(
    private readonly units: UnitsService,
    private readonly admin: UnitAdminService,
    private readonly merges: UnitMergeService,
    private readonly updates: UnitUpdateService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List the units, of one jurisdiction or all; `verified=false` lists those awaiting review' })
  @ApiOkResponse({ type: [UnitView] })
  @ApiErrors(400)
  list(@Query() query: ListUnitsQueryDto): Promise<UnitView[]> {
    return this.units.list(query.jurisdiction, query.verified);
  }

  @Idempotent()
  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a unit to a jurisdiction’s catalogue (verified unless its kind is unverified)' })
  @ApiCreatedResponse({ type: UnitView })
  @ApiErrors(400, ADMINS_ONLY, { 409: 'a name or alias is already one of another unit of the jurisdiction (unit_name_taken)' })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateUnitDto): Promise<UnitView> {
    return this.units.get(await this.admin.create(body, user.id));
  }

  @Idempotent()
  @Post('catalogue')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import a jurisdiction’s catalogue file (JSON or CSV), whole or not at all; importing it again changes nothing' })
  @ApiOkResponse({ type: CatalogueImportResult })
  @ApiErrors(400, ADMINS_ONLY, { 409: 'a name of the file is already another unit’s name or alias in the jurisdiction; nothing was written' })
  importCatalogue(@CurrentUser() user: AuthenticatedUser, @Body() body: ImportCatalogueDto): Promise<CatalogueImportResult> {
    return this.admin.importCatalogue(body, user.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a unit' })
  @ApiOkResponse({ type: UnitView })
  @ApiErrors(400, { 404: 'no such unit' })
  get(@Param('id', new IdParamPipe()) id: string): Promise<UnitView> {
    return this.units.get(id);
  }

  @Idempotent()
  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Correct a unit: name, kind, aliases, parent, verified' })
  @ApiOkResponse({ type: UnitView })
  @ApiErrors(400, ADMINS_ONLY, { 404: 'no such unit', 409: 'a name or alias is already one of another unit of the jurisdiction (unit_name_taken)' })
  async update(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string, @Body() body: UpdateUnitDto): Promise<UnitView> {
    await this.updates.update(id, body, user.id);
    return this.units.get(id);
  }

  @Idempotent()
  @Post(':id/merge')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge this unit into another: every link moves, the old name becomes an alias, the unit is deleted' })
  @ApiOkResponse({ type: UnitMergeResult })
  @ApiErrors(400, ADMINS_ONLY, {
    404: 'no such unit',
    409: 'another jurisdiction (unit_merge_across_jurisdictions), unlike kinds (unit_merge_kind_mismatch), or orders of the same round (unit_merge_order_clash)',
  })
  async merge(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string, @Body() body: MergeUnitDto): Promise<UnitMergeResult> {
    const moved = await this.merges.merge(id, body.intoUnitId, user.id);
    return { unit: await this.units.get(body.intoUnitId), mergedUnitId: id, moved };
  }

  @Get(':id/events')
  @Roles('admin', 'inspector')
  @ApiOperation({ summary: 'The unit’s audit trail: added, corrected, merged' })
  @ApiOkResponse({ type: [UnitEventView] })
  @ApiErrors(400, { 403: 'for admins and inspectors', 404: 'no such unit' })
  events(@Param('id', new IdParamPipe()) id: string): Promise<UnitEventView[]> {
    return this.units.events(id);
  }
}
