import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_NODE_OPTIONS } from './api-node-options';

const ROOT = join(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const API_COMMAND = ['node', ...API_NODE_OPTIONS, 'dist/apps/api/src/main.js'];

describe('the api is started with the same Node options everywhere it is shipped', () => {
  it('npm run start:api', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['start:api']).toBe(API_COMMAND.join(' '));
  });

  it('the Dockerfile and the api service of docker-compose', () => {
    const asJson = JSON.stringify(API_COMMAND).replace(/,/g, ', ');
    expect(read('Dockerfile')).toContain(`CMD ${asJson}`);
    expect(read('docker-compose.yml')).toContain(`command: ${asJson.replace(/"/g, "'")}`);
  });
});
