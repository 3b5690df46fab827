// At a quiet point of the scenario: the channel state hookscope derived from soketi's webhooks must
// equal what soketi itself reports over its HTTP API. hookscope may still be receiving the last
// webhooks, so each of soketi's channels is awaited with bin.waitForChannel (exact member set).
import { hookscopeChannel, hookscopeChannels, waitForChannel } from './hookscope-api.mjs';
import { soketiChannels } from './soketi-api.mjs';

const WAIT_MS = 5000;
const show = (m) => (m === null ? 'occupied' : `[${m.join(', ')}]`);

export async function expectSameChannels(baseUrl, bin, pusher, what, record) {
  const truth = await soketiChannels(pusher);
  const problems = [];
  for (const [name, members] of truth) {
    const r = await waitForChannel(baseUrl, bin, name, members === null ? { occupied: true } : { occupied: true, members }, WAIT_MS);
    if (!r.ok) problems.push(`${name}: soketi ${show(members)}, hookscope ${r.reason}`);
  }
  // Every channel hookscope believes occupied must be one soketi reports.
  const derived = await hookscopeChannels(baseUrl, bin);
  for (const c of derived.filter((c) => c.occupied && !truth.has(c.name))) {
    const r = await waitForChannel(baseUrl, bin, c.name, { occupied: false }, WAIT_MS);
    if (!r.ok) problems.push(`${c.name}: soketi has no such channel, hookscope ${r.reason}`);
  }
  const summary = [...truth].map(([n, m]) => `${n} ${show(m)}`).join(', ') || 'no occupied channels';
  record(`channel state = soketi HTTP API (${what})`, problems.length === 0, problems.length ? problems.join('; ') : summary);
}

/** Anomalies of the run, except soketi's known vacate-before-member_removed order, which is not lost state. */
export async function expectNoLostState(baseUrl, bin, record) {
  const derived = await hookscopeChannels(baseUrl, bin);
  const bad = derived.filter((c) => c.anomalies > 0);
  const details = await Promise.all(bad.map((c) => hookscopeChannel(baseUrl, bin, c.name)));
  const kinds = details.flatMap((d) => d.anomalies.map((a) => `${d.name} ${a.kind}`));
  const unexpected = kinds.filter((k) => !k.endsWith(' vacated_before_last_member_removed'));
  record('no anomalies but soketi\'s vacate order', unexpected.length === 0, kinds.join(', ') || 'none');
}
