import { readFileSync } from 'fs';
import { join } from 'path';
import { DomainError } from '../errors/domain-error';
import type { UnitCatalogue } from '../plan-import/plan-import.types';
import { catalogueFormatOf, readCatalogueFile } from './unit-catalogue-file';

const ORDOS = readFileSync(join(__dirname, '../../../../seeds/unit-catalogue.ordos.json'), 'utf8');

describe('readCatalogueFile', () => {
  it('reads the Ordos seed catalogue as it is', () => {
    const catalogue = readCatalogueFile(ORDOS, catalogueFormatOf(ORDOS)) as UnitCatalogue;
    expect(catalogue.jurisdiction).toBe('鄂尔多斯市');
    expect(catalogue).toEqual(JSON.parse(ORDOS));
  });

  it('reads a CSV with Chinese headers, several aliases in a cell, and the jurisdiction given by the caller', () => {
    const csv =
      '\uFEFF名称,类型,别名,上级单位,所属\r\n市创城委,committee,,,\r\n市教育局,department,市教体局；教育局,,市创城委\r\n市创城办,office,,市教育局,\r\n';
    expect(catalogueFormatOf(csv)).toBe('csv');
    const catalogue = readCatalogueFile(csv, 'csv', '乌海市') as UnitCatalogue;
    expect(catalogue.jurisdiction).toBe('乌海市');
    expect(catalogue.units).toEqual([
      { name: '市创城委', kind: 'committee', aliases: [], misspellings: [], parent: null, memberOf: [] },
      { name: '市教育局', kind: 'department', aliases: ['市教体局', '教育局'], misspellings: [], parent: null, memberOf: ['市创城委'] },
      { name: '市创城办', kind: 'office', aliases: [], misspellings: [], parent: '市教育局', memberOf: [] },
    ]);
  });

  it('refuses a file with every problem named at once, and one without a jurisdiction', () => {
    const bad = readCatalogueFile('name,kind,parent\n市教育局,bureau,市政府\n,department,\n', 'csv', '乌海市');
    expect(bad).toBeInstanceOf(DomainError);
    expect((bad as DomainError).code).toBe('unit_catalogue_invalid');
    expect((bad as DomainError).reasons).toEqual([expect.stringMatching(/^content: line 2: unknown kind “bureau”/u), 'content: line 3: the name is empty']);
    expect(readCatalogueFile('{"units": [{"name": "市教育局"}]}', 'json')).toMatchObject({
      code: 'unit_catalogue_invalid',
      reasons: ['content: the catalogue names no jurisdiction'],
    });
    expect(readCatalogueFile('{"units": [', 'json', undefined, 'wuhai.json')).toMatchObject({
      code: 'unit_catalogue_invalid',
      reasons: [expect.stringMatching(/^wuhai\.json: the file is not valid JSON/u)],
    });
  });

  it('refuses an alias naming two units, as the importer would find it ambiguous', () => {
    const json = JSON.stringify({
      jurisdiction: '乌海市',
      units: [
        { name: '市教育局', aliases: ['教育局'] },
        { name: '市教体局', aliases: ['教育局'] },
      ],
    });
    expect(readCatalogueFile(json, 'json')).toMatchObject({ code: 'unit_catalogue_invalid', reasons: [expect.stringMatching(/same name/u)] });
  });
});
