// `--event 'member_added presence-room-1 user=42'`: one webhook event on the command line. The first
// word is the event name, then (Pusher protocol) the channel, then key=value fields. A value that starts
// with { [ or " is read as one JSON value, spaces included. ts-broadcasting: `subscribe channel=news
// socketId=abc` makes `data` from the fields (values parsed as JSON where they are JSON, e.g. code=1000),
// or `data={...}` gives it whole.
import type { SendEvent } from '../../core/send.js';
import { ConfigError } from '../config.js';

/** key -> field of a Pusher-protocol event. */
const FIELDS: Record<string, string> = {
  user: 'userId',
  userId: 'userId',
  event: 'event',
  data: 'data',
  socket: 'socketId',
  socketId: 'socketId',
  count: 'subscriptionCount',
  subscriptionCount: 'subscriptionCount',
  info: 'userInfo',
  userInfo: 'userInfo',
  time: 'timeMs',
  timeMs: 'timeMs',
};

/** Where the JSON value starting at `from` ends (brackets balanced, strings skipped). */
function jsonEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (depth === 0) return i + 1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new ConfigError(`--event "${text}": unbalanced JSON after position ${from}`);
}

/** Words and key=value pairs; a JSON value keeps its spaces. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && !/\s/.test(text[i]) && text[i] !== '=') i++;
    if (text[i] === '=' && '{["'.includes(text[i + 1] ?? '')) i = jsonEnd(text, i + 1);
    else while (i < text.length && !/\s/.test(text[i])) i++;
    out.push(text.slice(start, i));
  }
  return out;
}

const parseValue = (raw: string): unknown => {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
};

function pairs(spec: string, words: string[]): [string, string][] {
  return words.map((w) => {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--event "${spec}": "${w}" is not key=value`);
    return [w.slice(0, eq), w.slice(eq + 1)];
  });
}

export function parseEventSpec(spec: string, server: string): SendEvent {
  const [name, ...rest] = tokens(spec);
  if (!name) throw new ConfigError('--event needs at least an event name');
  if (server === 'ts-broadcasting') {
    const fields = pairs(spec, rest);
    const whole = fields.find(([k]) => k === 'data');
    if (whole && fields.length === 1) return { event: name, data: parseValue(whole[1]) };
    return { event: name, data: Object.fromEntries(fields.map(([k, v]) => [k, parseValue(v)])) };
  }
  const [channel, ...more] = rest;
  if (!channel || channel.includes('=')) throw new ConfigError(`--event "${spec}": the channel comes right after the event name`);
  const event: Record<string, unknown> = { name, channel };
  for (const [key, value] of pairs(spec, more)) {
    const field = FIELDS[key];
    if (!field) throw new ConfigError(`--event "${spec}": unknown field "${key}" (user, event, data, socket, count, info, time)`);
    event[field] = field === 'data' || field === 'userInfo' ? parseValue(value) : field === 'subscriptionCount' || field === 'timeMs' ? Number(value) : value;
  }
  return event as unknown as SendEvent;
}
