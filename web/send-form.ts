// The "Send a test webhook" form as data: defaults per server and event, and the POST /api/send body it
// makes. Pure (no DOM), unit-tested; the panel (components/send-panel.tsx) only renders it.
import { type SendEvent, type SendInput, type SendServer, sendCatalog } from '../core/send.js';

export interface SendForm {
  server: SendServer;
  event: string;
  /** 'bin': this bin's capture URL, signed with its stored credentials; 'url': any URL. */
  target: 'bin' | 'url';
  url: string;
  key: string;
  secret: string;
  channel: string;
  userId: string;
  /** A client event's own name. */
  clientEvent: string;
  /** JSON text: a client event's data, or a ts-broadcasting event's whole data. */
  data: string;
  /** Retry as the server would (a failing app can hold the answer for minutes). */
  retry: boolean;
}

const CHANNEL: Record<string, string> = {
  member_added: 'presence-room-1',
  member_removed: 'presence-room-1',
  member_updated: 'presence-room-1',
  client_event: 'private-chat',
  cache_miss: 'cache-prices',
};

/** What a ts-broadcasting event's data looks like when its server sends it (formats.md 4.3). */
function tsbData(event: string): unknown {
  const socketId = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
  if (event === 'connection') return { socketId, connectedAt: Date.now() };
  if (event === 'subscribe' || event === 'unsubscribe') return { socketId, channel: 'news' };
  if (event === 'disconnection') return { socketId, code: 1000, reason: '' };
  return {};
}

/** The event's own defaults (channel, user, data), keeping the target and credentials. */
export function withEvent(form: SendForm, server: SendServer, event: string): SendForm {
  const tsb = server === 'ts-broadcasting';
  return {
    ...form,
    server,
    event,
    channel: CHANNEL[event] ?? 'my-channel',
    userId: event.startsWith('member_') || event === 'client_event' ? '42' : '',
    clientEvent: 'client-typing',
    data: JSON.stringify(tsb ? tsbData(event) : { typing: true }, null, 2),
  };
}

export function initialForm(): SendForm {
  const blank: SendForm = { server: 'soketi', event: '', target: 'bin', url: '', key: '', secret: '', channel: '', userId: '', clientEvent: '', data: '', retry: false };
  return withEvent(blank, 'soketi', 'member_added');
}

/** Another server: its first event unless it sends the current one too. */
export function withServer(form: SendForm, server: SendServer): SendForm {
  const events = sendCatalog[server].events;
  return withEvent(form, server, events.includes(form.event) ? form.event : events[0]);
}

const needsUser = (event: string): boolean => event.startsWith('member_');

/** The request body, or a sentence saying what is missing. */
export function sendInput(form: SendForm, bin: { id: string; url: string }): SendInput | string {
  let data: unknown;
  const wantsData = form.server === 'ts-broadcasting' || form.event === 'client_event';
  if (wantsData) {
    try {
      data = form.data.trim() === '' ? undefined : (JSON.parse(form.data) as unknown);
    } catch {
      return 'data is not valid JSON';
    }
  }
  let event: SendEvent;
  if (form.server === 'ts-broadcasting') event = { event: form.event, data };
  else {
    if (form.channel.trim() === '') return 'a channel is needed';
    if (needsUser(form.event) && form.userId.trim() === '') return `${form.event} needs a user id`;
    const e: Record<string, unknown> = { name: form.event, channel: form.channel.trim() };
    if (form.userId.trim() !== '' && (needsUser(form.event) || form.event === 'client_event')) e.userId = form.userId.trim();
    if (form.event === 'client_event') Object.assign(e, { event: form.clientEvent.trim() || 'client-event', data });
    if (form.event === 'subscription_count') e.subscriptionCount = 1;
    event = e as unknown as SendEvent;
  }
  const toBin = form.target === 'bin';
  if (!toBin && form.url.trim() === '') return 'a URL to send to is needed';
  const input: SendInput = { to: toBin ? bin.url : form.url.trim(), as: form.server, events: [event] };
  if (toBin) input.bin = bin.id;
  if (form.key.trim() !== '') input.key = form.key.trim();
  if (form.secret !== '') input.secret = form.secret;
  if (!toBin && input.secret === undefined && form.server !== 'ts-broadcasting') return 'the app secret is needed to sign';
  if (!form.retry) input.retries = 0;
  return input;
}
