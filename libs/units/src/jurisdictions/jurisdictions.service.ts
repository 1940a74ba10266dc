import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { buildJurisdictionTree, type JurisdictionNode, type JurisdictionRow, jurisdictionsBelow } from '@duban/domain';
import type { JurisdictionUnitView, JurisdictionView } from './jurisdiction.view';

interface Row extends JurisdictionRow {
  governmentUnitName: string | null;
}

/** The jurisdictions as a tree (the city, its banners and districts, their townships and streets), each with its catalogue. */
@Injectable()
export class JurisdictionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rows(manager: EntityManager = this.dataSource.manager): Promise<Row[]> {
    // a jurisdiction only units name (an admin's unit of a new jurisdiction) is a root of its own
    return manager.query(
      `SELECT j.name, j.parent, j.government_unit_id::text AS "governmentUnitId", g.name AS "governmentUnitName"
         FROM jurisdictions j LEFT JOIN units g ON g.id = j.government_unit_id
       UNION ALL
       SELECT DISTINCT u.jurisdiction, NULL, NULL, NULL FROM units u WHERE NOT EXISTS (SELECT 1 FROM jurisdictions j WHERE j.name = u.jurisdiction)`,
    );
  }

  /**
   * The jurisdictions placed in the tree (the table's rows, without the units' catalogue): all that what lies below
   * what needs — a jurisdiction only units name is a root with nothing below it. A task's roll-up reads these on every
   * request; `rows()` also reads every unit (at thousands of units, most of the roll-up's time).
   */
  async linked(manager: EntityManager = this.dataSource.manager): Promise<JurisdictionRow[]> {
    return manager.query(`SELECT name, parent, government_unit_id::text AS "governmentUnitId" FROM jurisdictions`);
  }

  async tree(): Promise<JurisdictionView[]> {
    const rows = await this.rows();
    const units: (JurisdictionUnitView & { jurisdiction: string })[] = await this.dataSource.query(
      'SELECT id::text, name, kind, verified, jurisdiction FROM units ORDER BY id',
    );
    const byJurisdiction = new Map<string, JurisdictionUnitView[]>();
    for (const { jurisdiction, ...unit } of units) byJurisdiction.set(jurisdiction, [...(byJurisdiction.get(jurisdiction) ?? []), unit]);
    const view = (node: JurisdictionNode<Row>): JurisdictionView => ({
      name: node.jurisdiction.name,
      parent: node.depth === 0 ? null : node.jurisdiction.parent,
      depth: node.depth,
      governmentUnitId: node.jurisdiction.governmentUnitId,
      governmentUnitName: node.jurisdiction.governmentUnitName,
      units: byJurisdiction.get(node.jurisdiction.name) ?? [],
      children: node.children.map(view),
    });
    return buildJurisdictionTree(rows).map(view);
  }

  /** The jurisdiction and all below it. */
  async below(jurisdiction: string, manager?: EntityManager): Promise<string[]> {
    return jurisdictionsBelow(await this.rows(manager), jurisdiction);
  }

  /** The jurisdiction's row, or null. */
  async find(manager: EntityManager, name: string): Promise<Row | null> {
    return (await this.rows(manager)).find((row) => row.name === name) ?? null;
  }
}
