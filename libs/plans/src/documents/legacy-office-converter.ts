import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { invalid } from '@duban/domain';

export type LegacyKind = 'legacy-word' | 'legacy-excel';

/** What each legacy kind becomes, and the Debian package whose LibreOffice reads it. */
const CONVERSIONS: Record<LegacyKind, { from: string; to: 'docx' | 'xlsx'; debianPackage: string }> = {
  'legacy-word': { from: 'doc', to: 'docx', debianPackage: 'libreoffice-writer-nogui' },
  'legacy-excel': { from: 'xls', to: 'xlsx', debianPackage: 'libreoffice-calc-nogui' },
};

/**
 * `.doc`/`.wps` to `.docx` and `.xls`/`.et` to `.xlsx` by headless LibreOffice (`soffice`), in a
 * temporary directory with its own LibreOffice profile (so conversions never wait on a desktop
 * session's lock) that is removed afterwards. Refused clearly when LibreOffice is not installed.
 */
export async function convertLegacyOffice(bytes: Buffer, kind: LegacyKind, timeoutMs: number, soffice = 'soffice'): Promise<Buffer> {
  const { from, to, debianPackage } = CONVERSIONS[kind];
  const dir = await mkdtemp(join(tmpdir(), 'duban-convert-'));
  try {
    const input = join(dir, `upload.${from}`);
    await writeFile(input, bytes);
    const profile = pathToFileURL(join(dir, 'profile')).href;
    const run = await runSoffice(
      soffice,
      [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', to, '--outdir', dir, input],
      timeoutMs,
    );
    if (run.kind === 'missing') {
      throw invalid(
        'converter_missing',
        `.${from} files (and WPS Office files) are converted by LibreOffice, which is not installed here: install the Debian package ${debianPackage} (apt-get install ${debianPackage}), or save the file as .${to} and upload that`,
      );
    }
    try {
      return await readFile(join(dir, `upload.${to}`));
    } catch {
      throw invalid(
        'document_unreadable',
        `LibreOffice could not read the file as .${from} (is it damaged or protected by a password?)${run.kind === 'failed' ? `: ${run.reason}` : ''}`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type SofficeRun = { kind: 'ok' } | { kind: 'missing' } | { kind: 'failed'; reason: string };

function runSoffice(soffice: string, args: string[], timeoutMs: number): Promise<SofficeRun> {
  return new Promise((resolve) => {
    execFile(soffice, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error === null) resolve({ kind: 'ok' });
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT') resolve({ kind: 'missing' });
      else
        resolve({
          kind: 'failed',
          reason: error.killed ? `no answer within ${String(timeoutMs / 1000)} s` : String(stderr).trim().slice(0, 300) || error.message,
        });
    });
  });
}
