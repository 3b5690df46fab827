// One group commit in one statement: hookscope.write_requests(<one array per column>, bodies,
// default_max), run in its own transaction (one round trip per batch, whatever its size). Every column
// of the batch is one array parameter, sent in PostgreSQL's binary array format (binary-array.ts), the
// bodies too: the server reads them without parsing any text and no body is ever hex-encoded. The
// events index keys of all requests are one flat int8[] (`keys`, hashed by the node: event-key.ts);
// request i's are keys[term_at[i] .. term_at[i+1] - 1] (a slice of a fixed-width array: no subquery
// per row). Measured against write_batch (schema 2: the columns as one JSON document, parsed
// twice, nested columns re-validated as json): see migrations.ts. It
//  1. row-locks the batch's bins in id order (two nodes writing the same bins cannot deadlock);
//  2. draws the request ids only then: a commit of these bins that came before ours drew smaller ids,
//     one after it draws larger ones, so ids rise in commit order within a bin (a plain sequence does
//     not: a transaction that drew a smaller id could commit later, and a reader resuming after the
//     larger one would skip it forever);
//  3. inserts the requests, each with its events index keys (ev_keys: migrations.ts);
//  4. per bin: prunes down to the cap (oldest first) and keeps request_count, bytes, last_id and rev exact,
//     and pruned_to (every request of the bin at or below it is gone: scans of the oldest end start there).
// Returns { ids (-1: the bin was gone), pruned: [[bin, upTo]], bins: [[bin, count, lastAt, rev, prevLastId, lastId]] }.
export const WRITE_REQUESTS_FUNCTION = `
CREATE OR REPLACE FUNCTION hookscope.write_requests(
  bin_of text[], received int8[], methods text[], paths text[], queries text[], headers text[], ctypes text[],
  sizes int4[], truncs int2[], remotes text[], sig_statuses text[], sigs text[], decoders text[], responses text[],
  retry_ofs int8[], attempts int4[], hashes text[], event_counts int4[], names text[], keys int8[], term_at int4[],
  bodies bytea[], default_max integer) RETURNS json
LANGUAGE plpgsql AS $fn$
DECLARE
  n integer := cardinality(bin_of);
  live text[];
  ids bigint[] := array_fill(-1::bigint, ARRAY[n]);
  stats json;
  b record;
  st record;
  total bigint;
  cutoff bigint;
  removed bigint;
  freed bigint;
  new_rev bigint;
  pruned json[] := '{}';
  touched json[] := '{}';
BEGIN
  SELECT array_agg(l.id) INTO live
    FROM (SELECT id FROM hookscope.bins WHERE id = ANY(bin_of) ORDER BY id FOR UPDATE) l;
  IF live IS NULL THEN
    RETURN json_build_object('ids', ids, 'pruned', '[]'::json, 'bins', '[]'::json);
  END IF;
  FOR i IN 1..n LOOP
    IF bin_of[i] = ANY(live) THEN
      ids[i] := nextval('hookscope.request_ids');
    END IF;
  END LOOP;

  WITH r AS MATERIALIZED (
    SELECT x.*
      FROM unnest(ids, bin_of, received, methods, paths, queries, headers, ctypes, sizes, truncs, remotes, sig_statuses,
                  sigs, decoders, responses, retry_ofs, attempts, hashes, event_counts, names, bodies)
           WITH ORDINALITY AS x(id, b, t, m, p, q, h, ct, sz, tr, ra, ss, sg, d, rs, ro, at, bh, ec, en, body, ord)
     WHERE x.id > 0
  ), ins AS (
    INSERT INTO hookscope.requests (id, bin_id, received_at, method, path, query, raw_headers, content_type, size,
      truncated, remote_address, body, sig_status, signature, decoder, event_count, event_names, response,
      retry_of, attempt, body_hash, bytes, ev_keys)
    SELECT r.id, r.b, r.t, r.m, r.p, r.q, r.h, r.ct, r.sz, r.tr, r.ra, r.body, r.ss, r.sg, r.d,
           r.ec, r.en, r.rs, r.ro, r.at, r.bh, octet_length(r.body) + octet_length(r.h) + 200 + 20 * r.ec,
           CASE WHEN r.ec = 0 THEN NULL ELSE keys[term_at[r.ord::int]:term_at[r.ord::int + 1] - 1] END
      FROM r
    RETURNING bin_id, id, received_at, bytes
  )
  SELECT json_agg(s ORDER BY s.bin) INTO stats
    FROM (SELECT bin_id AS bin, count(*) AS n, max(id) AS top, max(received_at) AS last_at, sum(bytes) AS added
            FROM ins GROUP BY bin_id) s;

  FOR b IN SELECT * FROM json_to_recordset(stats) AS s(bin text, n bigint, top bigint, last_at bigint, added bigint) LOOP
    SELECT request_count, max_requests, last_id, pruned_to INTO st FROM hookscope.bins WHERE id = b.bin;
    total := st.request_count + b.n;
    removed := 0;
    freed := 0;
    cutoff := NULL;
    IF total > coalesce(st.max_requests, default_max) THEN
      -- request_count is exact, so no count(*): walk only the excess from the oldest end, starting past
      -- pruned_to (everything at or below it is gone), so the dead index entries of earlier prunes that
      -- vacuum has not reclaimed yet are never walked again.
      SELECT id INTO cutoff FROM hookscope.requests WHERE bin_id = b.bin AND id > st.pruned_to
       ORDER BY id OFFSET total - coalesce(st.max_requests, default_max) - 1 LIMIT 1;
      IF cutoff IS NOT NULL THEN
        WITH d AS (DELETE FROM hookscope.requests WHERE bin_id = b.bin AND id > st.pruned_to AND id <= cutoff RETURNING bytes)
        SELECT count(*), coalesce(sum(d.bytes), 0) INTO removed, freed FROM d;
        DELETE FROM hookscope.deliveries WHERE bin_id = b.bin AND request_id > st.pruned_to AND request_id <= cutoff;
        pruned := pruned || json_build_array(b.bin, cutoff);
      END IF;
    END IF;
    UPDATE hookscope.bins
       SET request_count = total - removed, last_activity_at = greatest(last_activity_at, b.last_at),
           last_id = b.top, rev = rev + 1, bytes = bytes + b.added - freed, pruned_to = greatest(pruned_to, coalesce(cutoff, 0))
     WHERE id = b.bin
    RETURNING rev INTO new_rev;
    touched := touched || json_build_array(b.bin, total - removed, b.last_at, new_rev, st.last_id, b.top);
  END LOOP;
  RETURN json_build_object('ids', ids, 'pruned', to_json(pruned), 'bins', to_json(touched));
END
$fn$;`;
