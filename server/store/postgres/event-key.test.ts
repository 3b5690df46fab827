// The node's events index keys are PostgreSQL's: appendEventKeys gives exactly what
// hookscope.event_key(bin, '', termText(term)) gives on a real server, for every tail length of the
// hash (0-11 bytes after the 12-byte blocks), multi-byte UTF-8, NUL (the name+channel separator),
// quotes, control characters and lone surrogates.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPgDatabase } from '../../../test/helpers/test-db.js';
import { ANY_EVENT, termsOf } from '../terms.js';
import { appendEventKeys, createKeyList, keyText, termText } from './event-key.js';
import { migrate } from './migrations.js';

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client(await newPgDatabase());
  await client.connect();
  await migrate(client);
});
afterAll(async () => client.end());

async function sqlKeys(bin: string, terms: string[]): Promise<string[]> {
  const res = await client.query<{ k: string }>(
    "SELECT hookscope.event_key($1, '', t)::text AS k FROM unnest($2::text[]) WITH ORDINALITY AS u(t, o) ORDER BY o",
    [bin, terms.map(termText)],
  );
  return res.rows.map((r) => r.k);
}

function nodeKeys(bin: string, terms: string[]): string[] {
  const list = createKeyList(2);
  appendEventKeys(list, bin, terms);
  return Array.from({ length: list.length }, (_, i) => keyText(list, i));
}

describe('event keys', () => {
  it('match event_key for terms of every length and kind of character', async () => {
    const terms: string[] = [ANY_EVENT, ''];
    for (let n = 0; n <= 40; n++) terms.push('n:' + 'm'.repeat(n), 'c:' + 'é'.repeat(n), 'u:' + '€'.repeat(n % 13) + 'x'.repeat(n));
    terms.push('nc:member_added\u0000presence-room-1', 'e:client-"quoted"\\', 'c:tab\there\nnl', 'u:🎉 emoji', 'n:\ud800 lone', 'c:\u001f\u007f');
    for (const bin of ['b', 'bench-0', 'a-much-longer-bin-name-of-40-characters-x', 'bïn']) {
      expect(nodeKeys(bin, terms)).toEqual(await sqlKeys(bin, terms));
    }
  });

  it('match event_key for the terms of a decoded Pusher batch, appended request after request', async () => {
    const events = Array.from({ length: 11 }, (_, i) => ({ name: ['channel_occupied', 'member_added', 'client_event'][i % 3], channel: `presence-room-${i}`, userId: String(i * 7), event: i % 3 === 2 ? 'client-typing' : undefined }));
    const list = createKeyList(1);
    const a = termsOf(events);
    const b = termsOf(events.slice(3));
    appendEventKeys(list, 'first', a);
    appendEventKeys(list, 'second', b);
    expect(list.length).toBe(a.length + b.length);
    const got = Array.from({ length: list.length }, (_, i) => keyText(list, i));
    expect(got).toEqual([...(await sqlKeys('first', a)), ...(await sqlKeys('second', b))]);
  });
});
