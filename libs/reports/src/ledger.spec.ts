import { contentDisposition, csvField, ledgerCsv, type LedgerRow } from './ledger';

const row: LedgerRow = {
  seq: 3,
  sectionTitle: '一、',
  workItem: '健康教育',
  text: '开展"健康素养"促进，提升到28%',
  leadText: '市卫生健康委员会',
  supportText: '各旗（区）人民政府，市教育体育局',
  state: 'in_progress',
  light: 'red',
  dueAt: '2025-12-31',
  latestProgress: '60%（2022-06-30）：第一行\n第二行',
  latestSelfAssessment: '',
  evidenceFiles: '',
  openOrders: 1,
  overdueDays: 12,
};

describe('the 台账 CSV', () => {
  it('quotes what must be quoted and nothing else', () => {
    expect(csvField('a')).toBe('a');
    expect(csvField(12)).toBe('12');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('x\ny')).toBe('"x\ny"');
  });

  it('starts with a BOM and the Chinese headers, one CRLF line per task', () => {
    const csv = ledgerCsv([row]);
    expect(csv.startsWith('\uFEFF序号,工作内容,工作任务,牵头单位,责任单位,状态,红黄绿灯,完成时限,最新进展,最新自评,佐证材料,未办结整改通知,逾期天数\r\n')).toBe(
      true,
    );
    expect(csv.split('\r\n')[1]).toBe(
      '3,健康教育,"开展""健康素养""促进，提升到28%",市卫生健康委员会,各旗（区）人民政府，市教育体育局,推进中,红灯,2025-12-31,"60%（2022-06-30）：第一行\n第二行",,,1,12',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('ledger-1.xlsx', '督办台账-1.xlsx')).toBe(
      `attachment; filename="ledger-1.xlsx"; filename*=UTF-8''%E7%9D%A3%E5%8A%9E%E5%8F%B0%E8%B4%A6-1.xlsx`,
    );
    expect(contentDisposition('a.csv', "it's (1).csv")).toBe(`attachment; filename="a.csv"; filename*=UTF-8''it%27s%20%281%29.csv`);
  });
});
