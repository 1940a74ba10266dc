import { BufferPool } from './buffer-pool';

describe('BufferPool', () => {
  it('hands back the buffers it was given, up to the number it keeps', () => {
    const pool = new BufferPool(1024, 2);
    const [a, b, c] = [pool.borrow(), pool.borrow(), pool.borrow()];
    expect([a.length, b.length, c.length]).toEqual([1024, 1024, 1024]);
    [a, b, c].forEach((buffer) => pool.giveBack(buffer));
    const again = [pool.borrow(), pool.borrow(), pool.borrow()];
    // two were kept and are reused; the third is new
    expect(again.filter((buffer) => buffer === a || buffer === b)).toHaveLength(2);
    expect(again.includes(c)).toBe(false);
  });

  it('keeps no buffer of another size', () => {
    const pool = new BufferPool(1024, 4);
    const small = Buffer.alloc(10);
    pool.giveBack(small);
    expect(pool.borrow()).not.toBe(small);
  });
});
