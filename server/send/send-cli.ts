// `hookscope send --to URL --as soketi --key K --secret S --event '...' [--batch] [--scenario FILE]`:
// plays the server in this process (no running hookscope needed) and prints one line per delivery:
// `webhook 1 attempt 1 -> 200 in 4 ms  member_added presence-room-1`. Exit 0 when every webhook got
// a 2xx in the end, 1 when one never did (the command line reads that exit code).
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import type { SendDelivery } from '../../core/send.js';
import { ConfigError } from '../config.js';
import { HttpError } from '../errors.js';
import { DEFAULT_TIMEOUT_MS } from '../replay/outbound.js';
import { parseEventSpec } from './event-spec.js';
import { prepareSend, scenarioSchema, type SendRequest, sendSchema } from './input.js';
import { realClock, runSend } from './sender.js';

export interface SendCliOptions {
  request: SendRequest;
  json: boolean;
  verbose: boolean;
  pid: number;
}

export const sendUsage = `Usage: hookscope send --to URL --as SERVER [--key K] --secret S (--event SPEC ... | --scenario FILE)
  --to URL          your app's webhook URL (http or https)
  --as SERVER       pusher, soketi, sockudo or ts-broadcasting (or "as" in the scenario file)
  --key K           Pusher app key (X-Pusher-Key); env HOOKSCOPE_SEND_KEY
  --secret S        app secret (ts-broadcasting: its webhook secret, "" for unsigned); env HOOKSCOPE_SEND_SECRET
  --event SPEC      one webhook event, repeatable: 'member_added presence-room-1 user=42',
                    'client_event private-chat event=client-typing data={"typing":true}',
                    ts-broadcasting: 'subscribe socketId=abc channel=news'
  --scenario FILE   client actions (join, leave, clientEvent, subscribe, unsubscribe, waitMs) in JSON or YAML
  --batch           one request per batching window (sockudo batches by default; --no-batch turns it off)
  --header 'N: V'   an extra header, repeatable
  --retries N       retries after a failed attempt (default: the server's own schedule)
  --json            one JSON delivery per line instead of text
  --verbose         also print each request's headers and body and the app's answer
`;

function header(text: string): [string, string] {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new ConfigError(`--header "${text}" is not "Name: value"`);
  return [text.slice(0, colon).trim(), text.slice(colon + 1).trim()];
}

function readScenario(file: string, read: (path: string) => string): unknown {
  let text: string;
  try {
    text = read(file);
  } catch (err) {
    throw new ConfigError(`--scenario ${file}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text) as unknown; // YAML 1.2 reads JSON too
  } catch (err) {
    throw new ConfigError(`--scenario ${file}: not JSON or YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const checked = scenarioSchema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new ConfigError(`--scenario ${file}: ${issue.path.join('.')}${issue.path.length ? ': ' : ''}${issue.message}`);
  }
  return checked.data;
}

/** argv after `send`; `read` reads the scenario file. Pure otherwise: env is passed in. */
export function parseSendArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, read: (path: string) => string, pid = 1): SendCliOptions {
  const options = {
    to: { type: 'string' }, as: { type: 'string' }, key: { type: 'string' }, secret: { type: 'string' },
    event: { type: 'string', multiple: true }, scenario: { type: 'string' }, batch: { type: 'boolean' }, 'no-batch': { type: 'boolean' },
    header: { type: 'string', multiple: true }, retries: { type: 'string' }, json: { type: 'boolean' }, verbose: { type: 'boolean' },
  } as const;
  let v;
  try {
    ({ values: v } = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options }));
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  if (!v.to) throw new ConfigError('send needs --to URL');
  if (!v.event && !v.scenario) throw new ConfigError('send needs --event SPEC (repeatable) or --scenario FILE');
  if (v.event && v.scenario) throw new ConfigError('give --event or --scenario, not both');
  const scenario = v.scenario === undefined ? undefined : (readScenario(v.scenario, read) as SendRequest['scenario']);
  const as = v.as ?? scenario?.as;
  const retries = v.retries === undefined ? undefined : Number(v.retries);
  const raw = {
    to: v.to,
    as,
    key: v.key ?? env.HOOKSCOPE_SEND_KEY,
    secret: v.secret ?? env.HOOKSCOPE_SEND_SECRET,
    events: v.event?.map((spec) => parseEventSpec(spec, as ?? '')),
    scenario,
    batch: v['no-batch'] ? false : v.batch,
    headers: v.header ? Object.fromEntries(v.header.map(header)) : undefined,
    retries,
  };
  const checked = sendSchema.safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const flag = issue.path.length > 0 ? `--${String(issue.path[0])}` : 'send';
    throw new ConfigError(`${flag}: ${issue.path.slice(1).join('.')}${issue.path.length > 1 ? ': ' : ''}${issue.message}`);
  }
  try {
    prepareSend(checked.data, realClock()); // what cannot be sent is a usage error, before anything goes out
  } catch (err) {
    if (err instanceof HttpError) throw new ConfigError(err.message);
    throw err;
  }
  return { request: checked.data, json: v.json ?? false, verbose: v.verbose ?? false, pid };
}

const ok = (d: SendDelivery): boolean => d.status !== null && d.status >= 200 && d.status < 300;

export function deliveryLine(d: SendDelivery): string {
  const what = `webhook ${d.index + 1} attempt ${d.attempt}`;
  const outcome = d.status === null ? `failed: ${d.error ?? 'no answer'} after ${d.durationMs} ms` : `${d.status} in ${d.durationMs} ms`;
  return `${what} -> ${outcome}  ${d.events.join(', ')}`;
}

function verboseLines(d: SendDelivery): string[] {
  const heads = (raw: string[]) => raw.flatMap((v, i) => (i % 2 === 0 ? [`  ${v}: ${raw[i + 1]}`] : []));
  const out = [`> ${d.request.method} ${d.request.url}`, ...heads(d.request.rawHeaders), `  ${d.request.body}`];
  if (d.response) out.push(`< ${d.status}`, ...heads(d.response.rawHeaders), `  ${d.response.body}`);
  return out;
}

/** Sends and prints; resolves to the exit code. */
export async function runSendCli(o: SendCliOptions, log: (line: string) => void, signal: AbortSignal): Promise<number> {
  const clock = realClock();
  const job = prepareSend(o.request, clock);
  if (job.webhooks.length === 0) {
    log(`${job.format.id} sends no webhook for this (ts-broadcasting never sends client_event webhooks itself)`);
    return 0;
  }
  const deliveries = await runSend(job, {
    clock,
    pid: o.pid,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    signal,
    onDelivery: (d) => {
      if (o.json) return log(JSON.stringify(d));
      log(deliveryLine(d));
      if (o.verbose) for (const line of verboseLines(d)) log(line);
    },
  });
  const answered = new Set(deliveries.filter(ok).map((d) => d.index));
  return job.webhooks.every((_, i) => answered.has(i)) ? 0 : 1;
}
