// One transaction on a pooled client: BEGIN, fn, COMMIT (ROLLBACK on a throw). Every transaction that
// touches a bin's requests locks the bin row first, as write_requests does (write-function.ts): one lock
// order everywhere, so two nodes never deadlock.
import type pg from 'pg';

export async function tx<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
