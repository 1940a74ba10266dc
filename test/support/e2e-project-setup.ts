import { requireSystemPackages } from './ensure-system-packages';
import sharedGlobalSetup from './global-setup';

/** The e2e project's setup: LibreOffice for the 台账 read-back in reports.e2e-spec.ts and the Word documents' in documents.e2e-spec.ts, jq for the shell client example's, then the run's template database. */
export default async function e2eProjectSetup(): Promise<void> {
  requireSystemPackages(['libreoffice', 'libreoffice-writer', 'jq']);
  await sharedGlobalSetup();
}
