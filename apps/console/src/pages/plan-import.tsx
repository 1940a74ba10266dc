import { useState } from 'preact/hooks';
import { answer, client, type ImportResult } from '../api';
import type { components } from '../api-types.generated';
import { ErrorBox, Field, Link, Notice } from '../components';

/** Word and Excel files (and the legacy ones the server converts) are uploaded as they are; text files are read into the box. */
const DOCUMENT_FILE = /\.(docx|xlsx|doc|xls|wps|et)$/iu;
const ACCEPTED = '.txt,.tsv,.csv,.md,.docx,.xlsx,.doc,.xls,.wps,.et,text/plain';

type Problem = ImportResult['warnings'][number];
type ImportRequest = components['schemas']['ImportPlanDto'];

/** The plan import page: choose a table (text, Word or Excel), preview it, then import it. */
export function ImportPanel() {
  const [content, setContent] = useState('');
  const [document, setDocument] = useState<File | null>(null);
  const [fileName, setFileName] = useState('');
  const [name, setName] = useState('');
  const [planStart, setPlanStart] = useState('');
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  /** A text table goes as JSON; a Word or Excel file as a multipart form of the same fields and the file. */
  const send = (dryRun: boolean) => {
    const fields = { ...(name ? { name } : {}), ...(planStart ? { planStart } : {}), dryRun, skipInvalid };
    if (document === null) return client.POST('/plans/import', { body: { content, ...fields } });
    const asForm = (checked: ImportRequest) => {
      const form = new FormData();
      // the page's fields are text and flags (a deadline policy is not sent from here)
      for (const [key, value] of Object.entries(checked)) if (typeof value === 'string' || typeof value === 'boolean') form.append(key, String(value));
      form.append('file', document, document.name);
      return form;
    };
    return client.POST('/plans/import', { body: fields, bodySerializer: asForm });
  };

  const run = async (dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const imported = await answer(send(dryRun));
      if (dryRun) setPreview(imported);
      else {
        setResult(imported);
        setPreview(null);
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const choose = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    setFileName(file.name);
    if (DOCUMENT_FILE.test(file.name)) {
      setDocument(file);
      setContent('');
    } else {
      setDocument(null);
      setContent(await file.text());
    }
    setPreview(null);
    setResult(null);
  };
  const hint = document
    ? `已选择 ${fileName}（${Math.ceil(document.size / 1024)} KB），由服务器读取其中的表格`
    : fileName
      ? `已读取 ${fileName}，${content.length} 个字符`
      : '也可直接粘贴';

  return (
    <section class="panel" aria-labelledby="import-title">
      <h2 id="import-title">导入任务分解表</h2>
      <p class="muted">
        上传收到的 Word（.docx/.doc/.wps）或
        Excel（.xlsx/.xls/.et）文件，或制表符、逗号、竖线、空格分隔的文本表格及条目式文本（UTF-8）。先预览，确认无误后导入；同一表格重复导入不会重复创建。
      </p>
      <div class="form-row">
        <Field id="import-file" label="选择文件">
          <input id="import-file" type="file" accept={ACCEPTED} onChange={(e) => void choose(e)} />
        </Field>
        <Field id="import-name" label="方案名称（可选）" hint="默认取表格标题">
          <input id="import-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id="import-start" label="实施起始日期（可选）">
          <input id="import-start" type="date" value={planStart} onInput={(e) => setPlanStart(e.currentTarget.value)} />
        </Field>
      </div>
      <Field id="import-content" label="表格内容" hint={hint}>
        <textarea
          id="import-content"
          rows={6}
          class="mono"
          value={content}
          disabled={document !== null}
          onInput={(e) => {
            setContent(e.currentTarget.value);
            setDocument(null);
            setPreview(null);
          }}
        />
      </Field>
      <label class="checkbox">
        <input
          type="checkbox"
          checked={skipInvalid}
          onChange={(e) => {
            setSkipInvalid(e.currentTarget.checked);
            setPreview(null);
          }}
        />{' '}
        跳过有问题的行，导入其余任务（默认：有一行无法导入则整表不导入）
      </label>
      <ErrorBox error={error} />
      <div class="form-actions">
        <button type="button" class="button" disabled={busy || (!content && !document)} onClick={() => void run(true)}>
          预览
        </button>
        <button type="button" class="button button-primary" disabled={busy || !preview} onClick={() => void run(false)}>
          确认导入
        </button>
      </div>
      {preview ? (
        <div class="preview" data-testid="import-preview">
          <h3>预览（尚未写入）</h3>
          {preview.planId ? <Notice kind="warning">该表格已于此前导入（方案 #{preview.planId}），确认导入不会重复创建。</Notice> : null}
          <p>
            将创建 <strong>{preview.created.sections}</strong> 个板块、<strong>{preview.created.workItems}</strong> 项工作内容、
            <strong>{preview.created.tasks}</strong> 项任务、
            <strong>{preview.created.units}</strong> 个未核实单位。
          </p>
          <Problems problems={preview.skipped} caption="将跳过的行" testId="import-skipped" />
          <Warnings warnings={preview.warnings} />
        </div>
      ) : null}
      {result ? (
        <Notice kind="success">
          {result.createdPlan
            ? `已导入方案 #${result.planId}：${result.created.tasks} 项任务已交办各牵头单位${result.skipped.length > 0 ? `，跳过 ${result.skipped.length} 行` : ''}。`
            : `该表格此前已导入（方案 #${result.planId}），未重复创建。`}{' '}
          <Link href={`/tasks?planId=${result.planId ?? ''}`}>查看任务 ›</Link>
        </Notice>
      ) : null}
    </section>
  );
}

function Warnings({ warnings }: { warnings: Problem[] }) {
  if (warnings.length === 0) return <p class="text-green">没有警告。</p>;
  return <Problems problems={warnings} caption="警告" testId="import-warnings" />;
}

/** Warnings or skipped rows: where (line, or table and row of a Word/Excel file), kind, message. */
function Problems({ problems, caption, testId }: { problems: Problem[]; caption: string; testId: string }) {
  if (problems.length === 0) return null;
  return (
    <div class="table-wrap">
      <table class="table table-compact" data-testid={testId}>
        <caption>
          {caption} {problems.length} 条
        </caption>
        <thead>
          <tr>
            <th scope="col">位置</th>
            <th scope="col">类型</th>
            <th scope="col">说明</th>
          </tr>
        </thead>
        <tbody>
          {problems.slice(0, 200).map((problem, index) => (
            <tr key={index}>
              <td>{problem.where ?? `第${problem.line}行`}</td>
              <td>
                <code>{problem.code}</code>
              </td>
              <td>{problem.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
