import { Controller, Get, UseInterceptors, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@duban/auth';
import { OfficialDocumentsService, type WordFile } from '@duban/reports';
import { TaskAccessService } from '@duban/tasks';
import { ApiErrors } from '../http/api-errors.decorator';
import { ExportAuditInterceptor } from './export-audit.interceptor';
import { IdParamPipe } from '../http/id-param.pipe';
import { CircularQueryDto } from './reports.dto';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const WORD_FILE = {
  description: 'a Word document with an RFC 5987 Chinese file name; the official fonts are named in its styles',
  content: { [DOCX]: { schema: { type: 'string', format: 'binary' } } },
} as const;

/**
 * The Word documents the supervising office sends: the 督办单 of a task (issued by admins and inspectors)
 * and the 通报 of a plan (public within the government, as the JSON circular is). The documents are built
 * in `libs/reports`; here they are only streamed, platform-neutrally.
 */
@ApiTags('reports')
@ApiErrors(401, 400)
@Controller()
export class DocumentsController {
  constructor(
    private readonly documents: OfficialDocumentsService,
    private readonly access: TaskAccessService,
  ) {}

  @Get('tasks/:id/supervision-notice.docx')
  @UseInterceptors(ExportAuditInterceptor)
  @Roles('admin', 'inspector')
  @ApiOperation({ summary: 'The 督办单 (supervision notice) of a task, as a Word document' })
  @ApiOkResponse(WORD_FILE)
  @ApiErrors({ 403: 'issued by admins and inspectors (a banner’s, on the tasks of its jurisdiction)', 404: 'no such task' })
  async supervisionNotice(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string): Promise<StreamableFile> {
    // a banner's inspector issues it only on the tasks it sees (its jurisdiction's plans and below)
    await this.access.assertVisible(user, id);
    return wordFile(await this.documents.supervisionNotice(id));
  }

  @Get('reports/circular.docx')
  @UseInterceptors(ExportAuditInterceptor)
  @ApiOperation({ summary: 'The 通报 (circular) of a plan on a day, as a Word document' })
  @ApiOkResponse(WORD_FILE)
  @ApiErrors({ 404: 'no such plan' })
  async circular(@Query() query: CircularQueryDto): Promise<StreamableFile> {
    return wordFile(await this.documents.circular(query.planId, query.date));
  }
}

function wordFile(file: WordFile): StreamableFile {
  return new StreamableFile(file.body, { type: DOCX, length: file.body.length, disposition: file.disposition });
}
