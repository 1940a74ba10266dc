import { extractTargets } from './target-extractor';

const level = { measure: 'level', period: null, by: null };

describe('targets in a task’s text', () => {
  it('reads the three targets of seed task 28, all due by the sentence’s 到2025年', () => {
    const text =
      '继续开展健康素养巡讲进农村、进社区、进学校、进医院、进单位“五进”活动，积极采取有效方法抓好农（牧）民尤其是农村（牧区）老年人的健康素养提升工作。' +
      '到2025年，城乡居民健康素养总体水平达到28%，人群吸烟率下降到20%以下，公共场所自动体外除颤器（AED）设置达到每万人1.5台。';
    expect(extractTargets(text)).toEqual([
      { ...level, indicator: '城乡居民健康素养总体水平', comparator: '>=', value: 28, unit: '%', by: '2025-12-31', clause: '城乡居民健康素养总体水平达到28%' },
      { ...level, indicator: '人群吸烟率', comparator: '<', value: 20, unit: '%', by: '2025-12-31', clause: '人群吸烟率下降到20%以下' },
      {
        ...level,
        indicator: '公共场所自动体外除颤器（AED）设置',
        comparator: '>=',
        value: 1.5,
        unit: '台/万人',
        by: '2025-12-31',
        clause: '公共场所自动体外除颤器（AED）设置达到每万人1.5台',
      },
    ]);
  });

  it('reads seed task 38: a daily level and an annual decrease', () => {
    const text =
      '切实加强学校体育工作，确保学生每天在校体育活动时间不少于1小时，科学指导学生有效防控近视、肥胖等，力争儿童青少年总体近视率每年降低0.5个百分点以上。';
    expect(extractTargets(text)).toEqual([
      {
        ...level,
        indicator: '学生每天在校体育活动时间',
        comparator: '>=',
        value: 1,
        unit: '小时',
        period: 'daily',
        clause: '确保学生每天在校体育活动时间不少于1小时',
      },
      {
        indicator: '儿童青少年总体近视率',
        comparator: '>=',
        value: 0.5,
        unit: '个百分点',
        measure: 'decrease',
        period: 'annual',
        by: null,
        clause: '力争儿童青少年总体近视率每年降低0.5个百分点以上',
      },
    ]);
  });

  it('reads seed task 40, dropping the 要 before the verb', () => {
    const text =
      '创新理念、手段、方法，结合新时代特点和地方优势资源，大力推进国家卫生乡镇创建普及。到2025年，国家卫生乡镇创成比例要达到80%，保持自治区领先优势。';
    expect(extractTargets(text)).toEqual([
      { ...level, indicator: '国家卫生乡镇创成比例', comparator: '>=', value: 80, unit: '%', by: '2025-12-31', clause: '国家卫生乡镇创成比例要达到80%' },
    ]);
  });

  it.each([
    ['a count that names a thing', '着力提高15分钟健身圈的数量和覆盖率。'],
    ['a number of actions', '将健康鄂尔多斯行动14个专项行动目标任务融入各部门重大政策。'],
    ['a grade', '四害密度控制水平全部达到C级以上，逐步开展B级达标工作。'],
    ['a class of standard', '所有医疗机构公厕达到二类以上标准。'],
    ['levels of administration', '构建旗（区）、乡镇（街道）、行政村（社区）三级群众身边的全民健身设施网络。'],
    ['a slogan with a numeral', '继续开展健康素养巡讲“五进”活动，推动实施全民健身“六个身边”工程。'],
    ['a share that qualifies a noun', '80%以上的社区建成健康社区。'],
    ['a deadline only', '到2022年底，所有机关事业单位、医院、学校全部建成无烟单位。'],
  ])('invents no target from %s', (_case, text) => {
    expect(extractTargets(text)).toEqual([]);
  });

  it.each<[string, string, string, number, string]>([
    ['达到N%以上', '生活垃圾无害化处理率达到99%以上', '>=', 99, '%'],
    ['不低于', '空气质量优良天数比率不低于90%', '>=', 90, '%'],
    ['不少于', '每个社区健身设施不少于3处', '>=', 3, '处'],
    ['超过', '黑臭水体消除比例超过95%', '>', 95, '%'],
    ['控制在N%以下', '城区鼠密度控制在1%以下', '<', 1, '%'],
    ['控制在N%以内', '病媒生物侵害率控制在3%以内', '<=', 3, '%'],
    ['不超过', '饮用水水质不合格率不超过2%', '<=', 2, '%'],
    ['不高于', '婴儿死亡率不高于5‰', '<=', 5, '‰'],
    ['低于', '孕产妇死亡率低于12‰', '<', 12, '‰'],
    ['N%以上', '农村卫生厕所普及率90%以上', '>=', 90, '%'],
    ['per ten thousand people', '每万人口全科医生数达到3.5人', '>=', 3.5, '人/万人'],
    ['per thousand people', '每千人口医疗卫生机构床位数达到6.5张', '>=', 6.5, '张/千人'],
    ['full-width percent', '健康社区覆盖率达到50％', '>=', 50, '%'],
  ])('reads %s', (_phrase, text, comparator, value, unit) => {
    expect(extractTargets(text)).toEqual([expect.objectContaining({ comparator, value, unit, measure: 'level' })]);
  });

  it.each<[string, string, 'increase' | 'decrease', string, number]>([
    ['提高N个百分点以上', '城乡居民健康素养水平提高2个百分点以上', 'increase', '城乡居民健康素养水平', 2],
    ['增长N%', '健身人数增长10%', 'increase', '健身人数', 10],
    ['降低N个百分点', '成人吸烟率降低1个百分点', 'decrease', '成人吸烟率', 1],
    ['下降N%', '重大慢性病过早死亡率下降5%', 'decrease', '重大慢性病过早死亡率', 5],
  ])('reads a change: %s', (_phrase, text, measure, indicator, value) => {
    expect(extractTargets(text)).toEqual([expect.objectContaining({ indicator, measure, value, comparator: '>=' })]);
  });

  it('gives both targets of `到2025年，A达到x，B下降到y` the year 2025', () => {
    const targets = extractTargets('到2025年，A指标达到60%，B指标下降到10%以下。');
    expect(targets.map((target) => [target.indicator, target.by])).toEqual([
      ['A指标', '2025-12-31'],
      ['B指标', '2025-12-31'],
    ]);
  });

  it('reads two targets in one clause joined by 、', () => {
    const targets = extractTargets('全市生活垃圾无害化处理率达到99%以上、资源化利用率达到60%。');
    expect(targets.map((target) => [target.indicator, target.value])).toEqual([
      ['生活垃圾无害化处理率', 99],
      ['资源化利用率', 60],
    ]);
  });

  it('takes the deadline of its own sentence only, else the default (the 完成时限 cell)', () => {
    const targets = extractTargets('到2022年底，完成摸底。病媒密度控制在国家标准以内，健康社区覆盖率达到50%。', '2023-06-30');
    expect(targets).toEqual([expect.objectContaining({ indicator: '健康社区覆盖率', by: '2023-06-30' })]);
  });

  it('uses the clause before when the target’s own clause has no subject', () => {
    expect(extractTargets('国家卫生乡镇创成比例，到2025年要达到80%。')).toEqual([
      expect.objectContaining({ indicator: '国家卫生乡镇创成比例', value: 80, by: '2025-12-31' }),
    ]);
  });
});
