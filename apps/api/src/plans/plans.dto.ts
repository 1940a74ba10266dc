import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ENTITY_ID } from '../http/validation';
import { MAX_TABLE_CHARACTERS, type PlanImportInput } from '@duban/plans';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class ImportPlanDto implements Partial<PlanImportInput> {
  @ApiPropertyOptional({ description: 'defaults to the title line of the table' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '鄂尔多斯市', description: 'unit names resolve only within it; defaults to DEFAULT_JURISDICTION' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  jurisdiction?: string;

  @ApiPropertyOptional({
    enum: ['auto', 'tsv', 'csv', 'pipe', 'spaces', 'list', 'docx', 'xlsx'],
    default: 'auto',
    description: 'how to read a text table; an uploaded Word or Excel file is judged from its bytes (docx/xlsx only insist on that kind)',
  })
  @IsOptional()
  @IsIn(['auto', 'tsv', 'csv', 'pipe', 'spaces', 'list', 'docx', 'xlsx'])
  format?: 'auto' | 'tsv' | 'csv' | 'pipe' | 'spaces' | 'list' | 'docx' | 'xlsx';

  @ApiPropertyOptional({
    description:
      'the table as text (or upload it as the multipart field `file`: a text table, .docx, .xlsx, or .doc/.xls/.wps/.et where LibreOffice is installed)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TABLE_CHARACTERS, { message: `content must be at most ${MAX_TABLE_CHARACTERS} characters` })
  content?: string;

  @ApiPropertyOptional({ example: '2021-01-01', description: 'defaults to today' })
  @IsOptional()
  @Matches(DAY, { message: 'planStart must be a date written YYYY-MM-DD' })
  planStart?: string;

  @ApiPropertyOptional({ example: '2025-12-31', description: 'defaults to the latest deadline in the table' })
  @IsOptional()
  @Matches(DAY, { message: 'planEnd must be a date written YYYY-MM-DD' })
  planEnd?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      "the plan's own deadline policy: any of taskReminderDaysBefore, ladder, orderDueDays, orderReminderDaysBefore, reminderHour, reporting, days, repeatEveryDays; the rest is the default",
    example: { taskReminderDaysBefore: [14, 3], reporting: { period: 'monthly' } },
  })
  @IsOptional()
  @IsObject()
  deadlinePolicy?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "the plan's policy document (schema at GET /plans/policy-schema); its deadlines or deadlinePolicy, not both",
    example: { evidence: { fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT'] } },
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => parseJsonField(value))
  @IsObject({ message: 'policy must be an object (in a multipart form: a JSON object)' })
  policy?: Record<string, unknown>;

  @ApiPropertyOptional({ default: false, description: 'read the table and answer what an import would create and warn about, writing nothing (a preview)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;

  @ApiPropertyOptional({
    default: false,
    description:
      'import the tasks that can be read and answer each row left out in skipped (line, code, message); by default one bad row refuses the whole table',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'skipInvalid must be true or false' })
  skipInvalid?: boolean;

  @ApiPropertyOptional({
    example: '1',
    description:
      'a lower government’s plan (docs/cascade.md): the parent plan whose tasks its rows serve (with parentTaskSeqs); the jurisdiction is directly below it',
  })
  @IsOptional()
  @Matches(ENTITY_ID, { message: 'parentPlanId must be a plan id' })
  parentPlanId?: string;

  @ApiPropertyOptional({
    type: [Number],
    example: [28],
    description: 'with parentPlanId: the seqs of the parent plan’s tasks every row serves (in a multipart form: comma-separated)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((seq) => Number(seq.trim())) : value))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsInt({ each: true, message: 'parentTaskSeqs must each be a task’s seq' })
  @Min(1, { each: true })
  parentTaskSeqs?: number[];
}

export class DeadlinePolicyDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'the overrides of the default policy; null or absent: the defaults',
    example: {
      ladder: [
        { step: 'urge', daysAfterDue: 0 },
        { step: 'interview', daysAfterDue: 10 },
      ],
    },
  })
  @IsOptional()
  @IsObject()
  deadlinePolicy?: Record<string, unknown> | null;
}

/** A multipart form carries objects as JSON text. */
function parseJsonField(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** `PUT /plans/:id/policy`: the whole document; a section left out returns to its defaults. */
export class PlanPolicyDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'overrides of the default deadline policy (see GET /plans/policy-schema)',
    example: { reporting: { period: 'monthly' } },
  })
  @IsOptional()
  @IsObject()
  deadlines?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'which submissions need a file-backed evidence item',
    example: { fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT', 'SUBMIT_RECTIFICATION'] },
  })
  @IsOptional()
  @IsObject()
  evidence?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: '协办: when responsible units’ contributions are due, in working days before the lead’s report',
    example: { termWorkingDaysBeforeReport: 3 },
  })
  @IsOptional()
  @IsObject()
  contributions?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: '反馈节奏: an urgent task’s progress reports before its due day (first, then every so many days)',
    example: { urgentFirstDays: 1, urgentEveryDays: 3, days: 'working' },
  })
  @IsOptional()
  @IsObject()
  feedback?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: '审核签发: which submissions the unit’s head signs off before they are sent',
    example: { submissions: ['SUBMIT_SELF_ASSESSMENT'] },
  })
  @IsOptional()
  @IsObject()
  signOff?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: '销号链: the approvals after the inspector’s pass, each with its role, term and return path; a grade on the last',
    example: {
      steps: [{ title: '督查室主任审核', role: 'office_head', termDays: 3, returnTo: 'previous' }],
      gradeRequired: true,
    },
  })
  @IsOptional()
  @IsObject()
  closeOut?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'notices beyond the inbox: channels per kind (DingTalk, WeCom, SMS, e-mail, webhook), quiet hours, urgent kinds',
    example: { quietHours: { start: '22:00', end: '07:30' }, routes: { interview: [{ channel: 'sms', to: 'lead_unit_heads' }] } },
  })
  @IsOptional()
  @IsObject()
  notices?: Record<string, unknown> | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: '分解下达: a lower government’s contribution to a task of this plan filled by hand (manual) or from its child plan’s progress (automatic)',
    example: { contributionFill: 'automatic' },
  })
  @IsOptional()
  @IsObject()
  cascade?: Record<string, unknown> | null;
}
