import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { NOTICE_CHANNELS, NOTICE_KINDS, type NoticeChannel, type NoticeKind } from '@duban/domain';

export class TemplatePathDto {
  @ApiProperty({ enum: NOTICE_KINDS })
  @IsIn(NOTICE_KINDS, { message: `kind must be one of ${NOTICE_KINDS.join(', ')}` })
  kind!: NoticeKind;

  @ApiProperty({ enum: NOTICE_CHANNELS })
  @IsIn(NOTICE_CHANNELS, { message: `channel must be one of ${NOTICE_CHANNELS.join(', ')}` })
  channel!: NoticeChannel;
}

export class PutTemplateDto {
  @ApiProperty({
    example: '【督办】{title}',
    description: 'the e-mail subject or a robot card’s title; placeholders {seq} {title} {excerpt} {dueOn} {step} {unitName} {link}',
  })
  @IsString()
  @MaxLength(200)
  subject!: string;

  @ApiProperty({ example: '{unitName}：{title}，期限{dueOn}，请登录督办平台办理。' })
  @IsString()
  @MaxLength(20_000)
  body!: string;
}

export class PreviewTemplateDto {
  @ApiPropertyOptional({ description: 'a draft subject; left out with body, the template in force is previewed' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  body?: string;
}

export class TemplateViewDto {
  @ApiProperty({ enum: NOTICE_KINDS }) kind!: NoticeKind;
  @ApiProperty({ enum: NOTICE_CHANNELS }) channel!: NoticeChannel;
  @ApiProperty() subject!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ description: 'no admin template: the channel’s default' }) isDefault!: boolean;
}

export class RenderedTemplateDto {
  @ApiProperty() subject!: string;
  @ApiProperty() body!: string;
}
