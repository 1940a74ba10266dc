import { Injectable } from '@nestjs/common';
import { type JurisdictionRow, jurisdictionsBelow } from '@duban/domain';

/** The jurisdictions' tree as the roll-up reads it: its rows, and each jurisdiction's reach (itself and all below it). */
export interface JurisdictionTree {
  rows: readonly JurisdictionRow[];
  reach(jurisdiction: string): ReadonlySet<string>;
}

/** A row of the tree as the roll-up's statement sends it: name, parent, government unit. */
export type SentJurisdiction = [string, string | null, string | null];

interface Held {
  version: string;
  tree: JurisdictionTree;
}

/**
 * The api's copy of the jurisdictions' tree between requests, under the version PostgreSQL keeps of it
 * (`jurisdiction_tree_version`, written by UnitStore in the statement that changes a jurisdiction). The roll-up's
 * statement sends the tree only when the version it reads is not the one held here, so a request that finds the tree
 * unchanged reads one bigint of it instead of every row. Only a tree read outside a transaction is kept: a version
 * seen inside one may never commit.
 */
@Injectable()
export class JurisdictionTreeCache {
  private held: Held | null = null;

  /** The version held (null: none), for the statement to compare with its own. */
  get version(): string | null {
    return this.held?.version ?? null;
  }

  /**
   * The tree of `version`: built from `sent` when the statement sent it (and kept when `keep`), else the one held — or
   * null when the held copy is no longer that version (another request replaced it meanwhile: ask again for the rows).
   */
  treeOf(version: string | null, sent: SentJurisdiction[] | null, keep: boolean): JurisdictionTree | null {
    if (sent !== null) {
      const tree = treeOf(sent.map(([name, parent, governmentUnitId]) => ({ name, parent, governmentUnitId })));
      if (keep && version !== null) this.held = { version, tree };
      return tree;
    }
    return this.held !== null && this.held.version === version ? this.held.tree : null;
  }
}

/** The tree over its rows, each reach worked out once and remembered. */
function treeOf(rows: readonly JurisdictionRow[]): JurisdictionTree {
  const reaches = new Map<string, ReadonlySet<string>>();
  return {
    rows,
    reach(jurisdiction) {
      let reach = reaches.get(jurisdiction);
      if (reach === undefined) {
        reach = new Set(jurisdictionsBelow(rows, jurisdiction));
        reaches.set(jurisdiction, reach);
      }
      return reach;
    },
  };
}
