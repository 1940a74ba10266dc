import { DEFAULT_NOTICE_TEMPLATES, NOTICE_CHANNELS, renderTemplate, templateProblems, type TemplateValues } from './notice-templates';

const VALUES: TemplateValues = {
  seq: '28',
  title: '【催办】第28项已于2022-12-31到期，尚未办结',
  excerpt: '继续开展健康素养巡讲进农村…',
  dueOn: '2022-12-31',
  step: '催办',
  unitName: '市卫生健康委员会',
  link: 'https://duban.example.gov.cn/#/tasks/28',
};

describe('notice templates', () => {
  it('fill in the notice’s values, every one of them', () => {
    const rendered = renderTemplate(DEFAULT_NOTICE_TEMPLATES.email, VALUES);
    expect(rendered.subject).toBe('【督办】【催办】第28项已于2022-12-31到期，尚未办结');
    expect(rendered.body).toContain('任务：第28项 继续开展健康素养巡讲进农村…');
    expect(rendered.body).toContain('https://duban.example.gov.cn/#/tasks/28');
    expect(rendered.body).not.toMatch(/\{[A-Za-z]+\}/);
  });

  it('ship a default for every channel that is itself a good template', () => {
    for (const channel of NOTICE_CHANNELS) expect([channel, templateProblems(DEFAULT_NOTICE_TEMPLATES[channel], channel)]).toEqual([channel, []]);
  });

  it('name what is wrong with a template an admin wrote', () => {
    expect(templateProblems({ subject: '{title}', body: '第{seq}项 {deadline} {due}' }, 'dingtalk')).toEqual([
      'unknown placeholders: {deadline}, {due} (known: {seq}, {title}, {excerpt}, {dueOn}, {step}, {unitName}, {link})',
    ]);
    expect(templateProblems({ subject: '', body: '  ' }, 'sms')).toEqual(['the body must not be empty']);
    expect(templateProblems({ subject: '', body: '字'.repeat(301) }, 'sms')).toEqual(['a sms body is at most 300 characters']);
  });
});
