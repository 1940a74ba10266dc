import { useState } from 'preact/hooks';
import type { components } from '../api-types.generated';
import { answer, client } from '../api';
import { ErrorBox, Link, Loading, Notice, PageHeader, useLoad } from '../components';

type SearchHit = components['schemas']['SearchHitView'];

const KIND_LABELS: Record<SearchHit['kind'], string> = { task: '任务', event: '办理记录', order: '整改通知', contribution: '协办报送' };
const FIELD_LABELS: Record<string, string> = {
  number: '编号',
  text: '任务内容',
  section: '分类',
  workItem: '工作内容',
  docNo: '文号',
  issuedBy: '交办单位',
  summary: '报送内容',
  reason: '理由',
  findings: '督查发现',
  requiredActions: '整改要求',
  comment: '意见',
  note: '备注',
  submission: '整改报送',
  returnReason: '退回理由',
  returnedReason: '退回理由',
};

/** The snippet with each word marked. */
function Marked({ text, words }: { text: string; words: string[] }) {
  const lowered = words.map((word) => word.toLowerCase()).filter((word) => word !== '');
  const parts: { text: string; mark: boolean }[] = [];
  let rest = text;
  while (rest !== '') {
    const found = lowered
      .map((word) => ({ word, at: rest.toLowerCase().indexOf(word) }))
      .filter((hit) => hit.at >= 0)
      .sort((a, b) => a.at - b.at)[0];
    if (!found) {
      parts.push({ text: rest, mark: false });
      break;
    }
    if (found.at > 0) parts.push({ text: rest.slice(0, found.at), mark: false });
    parts.push({ text: rest.slice(found.at, found.at + found.word.length), mark: true });
    rest = rest.slice(found.at + found.word.length);
  }
  return <>{parts.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}</>;
}

/** /search?q=…: the hits of the header's search box, a page at a time, each linking to its task. */
export function SearchPage() {
  const params = new URLSearchParams(window.location.search);
  const q = (params.get('q') ?? '').trim();
  const words = q.split(/\s+/);
  const [more, setMore] = useState<SearchHit[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const { data, error, loading } = useLoad(
    () =>
      q === ''
        ? Promise.resolve(null)
        : answer(client.GET('/search', { params: { query: { q } } })).then((page) => {
            setCursor(page.nextCursor);
            return page;
          }),
    [q],
  );
  const loadMore = async () => {
    if (!cursor) return;
    setMoreError(null);
    try {
      const page = await answer(client.GET('/search', { params: { query: { q, cursor } } }));
      setMore((shown) => [...shown, ...page.items]);
      setCursor(page.nextCursor);
    } catch (caught) {
      setMoreError(caught);
    }
  };
  const hits = [...(data?.items ?? []), ...more];
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="搜索">{q && <p class="summary">“{q}”</p>}</PageHeader>
      {q === '' && <Notice>在页首的搜索框输入任务编号、任务内容、批示文号或办理记录中的字词（一两个汉字即可）。</Notice>}
      <ErrorBox error={error} />
      {loading && q !== '' && <Loading />}
      {data && hits.length === 0 && <Notice>没有找到包含“{q}”的内容（只搜索您有权查看的任务）。</Notice>}
      {hits.length > 0 && (
        <ol class="search-results" data-testid="search-results">
          {hits.map((hit) => (
            <li key={`${hit.kind}:${hit.id}`} class="search-hit">
              <Link href={`/tasks/${hit.taskId}`}>
                <span class="search-hit-kind">{KIND_LABELS[hit.kind]}</span> <span class="search-hit-task">任务 {hit.taskNumber ?? `#${hit.taskId}`}</span>
              </Link>{' '}
              <span class="search-hit-field">{FIELD_LABELS[hit.field] ?? hit.field}：</span>
              <span class="search-hit-snippet">
                <Marked text={hit.snippet} words={words} />
              </span>
            </li>
          ))}
        </ol>
      )}
      <ErrorBox error={moreError} />
      {cursor && (
        <button type="button" class="button" onClick={() => void loadMore()}>
          更多结果
        </button>
      )}
    </section>
  );
}
