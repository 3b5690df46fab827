// Prepared statements for SQL built from a filter's shape: prepared once per distinct text, reused
// after (better-sqlite3 docs: prepare once, run many). Bounded: the cache empties past `max` texts.
import type { Statement } from 'better-sqlite3';
import type { Db } from './open-db.js';

export type PreparedCache = (sql: string) => Statement<unknown[]>;

export function createStatementCache(db: Db, max = 128): PreparedCache {
  const statements = new Map<string, Statement<unknown[]>>();
  return (sql) => {
    let stmt = statements.get(sql);
    if (!stmt) {
      if (statements.size >= max) statements.clear();
      statements.set(sql, (stmt = db.prepare<unknown[]>(sql)));
    }
    return stmt;
  };
}
