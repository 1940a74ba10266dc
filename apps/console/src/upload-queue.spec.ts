import { busy, enqueue, formatSize, PARALLEL_UPLOADS, percentOf, startable, update } from './upload-queue';

const photo = { name: '公厕改造.jpg', size: 2_000_000 };
const report = { name: '验收报告.pdf', size: 500_000 };
const minutes = { name: '会议纪要.docx', size: 40_000 };

describe('the upload queue of an evidence form', () => {
  it('queues several files at once, the same name twice as two uploads, and starts at most two at a time', () => {
    let queue = enqueue([], [photo, report, minutes, photo]);
    expect(queue.map((upload) => [upload.name, upload.state])).toEqual([
      ['公厕改造.jpg', 'queued'],
      ['验收报告.pdf', 'queued'],
      ['会议纪要.docx', 'queued'],
      ['公厕改造.jpg', 'queued'],
    ]);
    expect(new Set(queue.map((upload) => upload.key)).size).toBe(4);
    const first = startable(queue);
    expect(first.map((upload) => upload.name)).toEqual(['公厕改造.jpg', '验收报告.pdf']);
    expect(first).toHaveLength(PARALLEL_UPLOADS);
    for (const upload of first) queue = update(queue, upload.key, { state: 'sending' });
    expect(startable(queue)).toEqual([]);
    queue = update(queue, first[0].key, { state: 'done', attachmentId: '7' });
    expect(startable(queue).map((upload) => upload.name)).toEqual(['会议纪要.docx']);
  });

  it('reports progress in whole percent, 100 only once the api has answered', () => {
    const [upload] = enqueue([], [photo]);
    expect(percentOf(upload)).toBe(0);
    expect(percentOf({ ...upload, state: 'sending', sent: 500_000 })).toBe(25);
    // every byte sent, the answer not yet in: the row is not committed yet
    expect(percentOf({ ...upload, state: 'sending', sent: 2_000_000 })).toBe(99);
    expect(percentOf({ ...upload, state: 'done', sent: 2_000_000 })).toBe(100);
    expect(percentOf({ ...upload, size: 0, state: 'sending' })).toBe(0);
  });

  it('keeps the form waiting while a file is queued or going up, not after one failed', () => {
    let queue = enqueue([], [photo, report]);
    expect(busy(queue)).toBe(true);
    queue = update(queue, queue[0].key, { state: 'failed', error: '文件超过大小上限' });
    expect(busy(queue)).toBe(true);
    queue = update(queue, queue[1].key, { state: 'done' });
    expect(busy(queue)).toBe(false);
    expect(busy([])).toBe(false);
  });

  it('writes sizes as people read them', () => {
    expect([formatSize(900), formatSize(40_000), formatSize(2_000_000)]).toEqual(['900 B', '39.1 KB', '1.9 MB']);
  });
});
