import { InboxQueryDto } from '../inbox/inbox.dto';
import { createValidationPipe } from './validation';

const asQuery = { type: 'query', metatype: InboxQueryDto } as const;

describe('the validation pipe on a query', () => {
  it('answers an empty query the same the first time and after, and still refuses a bad one', async () => {
    const pipe = createValidationPipe();
    const first: unknown = await pipe.transform(Object.create(null), asQuery);
    const again: unknown = await pipe.transform({}, asQuery);
    expect(first).toBeInstanceOf(InboxQueryDto);
    expect(again).toBeInstanceOf(InboxQueryDto);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    await expect(pipe.transform({ limit: '0' }, asQuery)).rejects.toMatchObject({ response: { code: 'invalid_field', params: { field: 'limit' } } });
    await expect(pipe.transform({ colour: 'red' }, asQuery)).rejects.toMatchObject({ response: { code: 'invalid_field' } });
    expect(await pipe.transform({ limit: '5', mine: 'true' }, asQuery)).toMatchObject({ limit: 5, mine: true });
  });
});
