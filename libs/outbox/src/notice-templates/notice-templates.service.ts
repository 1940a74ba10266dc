import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  DEFAULT_NOTICE_TEMPLATES,
  DomainError,
  type NoticeChannel,
  type NoticeKind,
  type NoticeTemplate,
  renderTemplate,
  templateProblems,
  unknownPlaceholders,
  type TemplateValues,
} from '@duban/domain';
import { NoticeTemplateStore } from './notice-template.store';

export interface TemplateView {
  kind: NoticeKind;
  channel: NoticeChannel;
  subject: string;
  body: string;
  /** true: no admin template, the channel's default */
  isDefault: boolean;
}

/** What a preview fills in: task 28 of the seed plan, as a 督办 notice. */
export const PREVIEW_VALUES: TemplateValues = {
  seq: '28',
  title: '【督办】第28项逾期15天：继续开展健康素养巡讲进农村、进社区…',
  excerpt: '继续开展健康素养巡讲进农村、进社区、进企业、进学…',
  dueOn: '2022-12-31',
  step: '督办',
  unitName: '市卫生健康委员会',
  link: 'https://duban.example.gov.cn/tasks/28',
};

/** Templates per notice kind and channel (`/admin/templates/:kind/:channel`): an admin's own, else the channel's default. */
@Injectable()
export class NoticeTemplatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly templates: NoticeTemplateStore,
  ) {}

  async get(kind: NoticeKind, channel: NoticeChannel): Promise<TemplateView> {
    const own = await this.templates.get(this.dataSource.manager, kind, channel);
    return { kind, channel, ...(own ?? DEFAULT_NOTICE_TEMPLATES[channel]), isDefault: own === null };
  }

  /** 400 `invalid_template` naming unknown placeholders, an empty body, a body too long for the channel. */
  async put(kind: NoticeKind, channel: NoticeChannel, template: NoticeTemplate, userId: string): Promise<TemplateView> {
    checked(template, channel);
    await this.templates.put(this.dataSource.manager, kind, channel, template, userId);
    return { kind, channel, subject: template.subject, body: template.body, isDefault: false };
  }

  /** Back to the channel's default (`DELETE`): answers it; there being no admin template is no error. */
  async reset(kind: NoticeKind, channel: NoticeChannel): Promise<TemplateView> {
    await this.templates.remove(this.dataSource.manager, kind, channel);
    return { kind, channel, ...DEFAULT_NOTICE_TEMPLATES[channel], isDefault: true };
  }

  /** The template (the one given, else the one in force) filled with a sample notice. */
  async preview(kind: NoticeKind, channel: NoticeChannel, template: NoticeTemplate | null): Promise<NoticeTemplate> {
    const source = template ?? (await this.get(kind, channel));
    if (template) checked(template, channel);
    return renderTemplate(source, { ...PREVIEW_VALUES });
  }
}

function checked(template: NoticeTemplate, channel: NoticeChannel): void {
  const problems = templateProblems(template, channel);
  // the unknown placeholders also as a parameter, for the console's own sentence
  if (problems.length > 0)
    throw new DomainError('invalid', 'invalid_template', problems, { params: { placeholders: unknownPlaceholders(template).join(', ') } });
}
