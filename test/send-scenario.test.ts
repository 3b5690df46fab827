// Scenario expansion (client actions -> the webhooks each server would send) and batching, through
// prepareSend with a fixed clock: which requests, when, with which events and time_ms.
import { describe, expect, it } from 'vitest';
import type { ScenarioStep, SendServer } from '../core/send.js';
import { prepareSend, sendSchema } from '../server/send/input.js';
import type { SendClock } from '../server/send/types.js';

const BASE = 1_795_431_690_000;

function fixedClock(): SendClock {
  let seed = 1;
  return { now: () => BASE, sleep: async () => {}, random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) };
}

function plan(as: SendServer, steps: ScenarioStep[], extra: Record<string, unknown> = {}) {
  const input = sendSchema.parse({ to: 'http://127.0.0.1:9/h', as, key: 'k', secret: 's', scenario: { steps, ...extra } });
  return prepareSend(input, fixedClock()).webhooks;
}

/** Each request as "at: name channel [user]; ..." for readable expectations. */
const show = (ws: ReturnType<typeof plan>) =>
  ws.map((w) => `${w.at}: ${w.events.map((e) => [e.name ?? e.event, e.channel ?? (e.data as { channel?: string })?.channel ?? '', e.user_id ?? ''].join(' ').trim()).join(', ')}`);

const presence: ScenarioStep[] = [
  { join: { channel: 'presence-room', userId: 'u1' } },
  { join: { channel: 'presence-room', userId: 'u1' } },
  { join: { channel: 'presence-room', userId: 'u2' } },
  { leave: { channel: 'presence-room', userId: 'u1' } },
  { leave: { channel: 'presence-room', userId: 'u1' } },
  { leave: { channel: 'presence-room', userId: 'u2' } },
];

describe('presence: first join, second connection of a user, last leave', () => {
  it('soketi: at once, channel_vacated before the last member_removed', () => {
    expect(show(plan('soketi', presence))).toEqual([
      '0: channel_occupied presence-room',
      '0: member_added presence-room u1',
      '0: member_added presence-room u2',
      '0: member_removed presence-room u1',
      '0: channel_vacated presence-room',
      '0: member_removed presence-room u2',
    ]);
  });

  it('sockudo (batching off): member_removed and channel_vacated 3 s later, member_removed first', () => {
    expect(show(plan('sockudo', presence, { batch: false }))).toEqual([
      '0: channel_occupied presence-room',
      '0: member_added presence-room u1',
      '0: member_added presence-room u2',
      '3000: member_removed presence-room u1',
      '3000: member_removed presence-room u2',
      '3000: channel_vacated presence-room',
    ]);
  });

  it('sockudo batches by default: one request per 50 ms tick, time_ms the earliest event', () => {
    const ws = plan('sockudo', presence);
    expect(show(ws)).toEqual([
      '50: channel_occupied presence-room, member_added presence-room u1, member_added presence-room u2',
      '3050: member_removed presence-room u1, member_removed presence-room u2, channel_vacated presence-room',
    ]);
    expect(ws.map((w) => w.timeMs)).toEqual([BASE, BASE + 3000]);
  });

  it('Pusher: a user back within 3 s is never removed nor added again; the channel never vacated', () => {
    const steps: ScenarioStep[] = [
      { join: { channel: 'presence-room', userId: 'u1' } },
      { leave: { channel: 'presence-room', userId: 'u1' } },
      { waitMs: 1000 },
      { join: { channel: 'presence-room', userId: 'u1' } },
      { waitMs: 5000 },
      { leave: { channel: 'presence-room', userId: 'u1' } },
    ];
    expect(show(plan('pusher', steps))).toEqual(['0: channel_occupied presence-room', '0: member_added presence-room u1', '9000: member_removed presence-room u1', '9000: channel_vacated presence-room']);
    // sockudo: the count went 0 -> 1 again, so channel_occupied again; the member's removal was cancelled.
    expect(show(plan('sockudo', steps, { batch: false }))).toEqual([
      '0: channel_occupied presence-room',
      '0: member_added presence-room u1',
      '1000: channel_occupied presence-room',
      '9000: member_removed presence-room u1',
      '9000: channel_vacated presence-room',
    ]);
  });
});

describe('public and cache channels, client events', () => {
  const steps: ScenarioStep[] = [
    { subscribe: { channel: 'cache-prices' } },
    { subscribe: { channel: 'cache-prices' } },
    { clientEvent: { channel: 'cache-prices', event: 'client-x', data: { a: 1 } } },
    { unsubscribe: { channel: 'cache-prices' } },
    { unsubscribe: { channel: 'cache-prices' } },
  ];

  it('sockudo: subscription_count on every subscribe and unsubscribe, cache_miss on each subscribe', () => {
    const ws = plan('sockudo', steps, { batch: false });
    expect(ws.map((w) => w.names[0])).toEqual([
      'channel_occupied', 'subscription_count', 'cache_miss', 'subscription_count', 'cache_miss', 'client_event', 'subscription_count', 'subscription_count', 'channel_vacated',
    ]);
    expect(ws.filter((w) => w.names[0] === 'subscription_count').map((w) => w.events[0].subscription_count)).toEqual([1, 2, 1, 0]);
    expect(ws.find((w) => w.names[0] === 'cache_miss')?.events[0]).toEqual({ name: 'cache_miss', channel: 'cache-prices', data: '{}' });
  });

  it('soketi: no subscription_count; Pusher rejects client events on public channels', () => {
    expect(plan('soketi', steps).map((w) => w.names[0])).toEqual(['channel_occupied', 'cache_miss', 'cache_miss', 'client_event', 'channel_vacated']);
    expect(() => plan('pusher', steps)).toThrow(/private- and presence- channels only/);
  });

  it('a client event carries the socket id of the connection that sent it and, on presence, its user (not on sockudo)', () => {
    const steps2: ScenarioStep[] = [
      { join: { channel: 'presence-chat', userId: 'u1' } },
      { join: { channel: 'presence-chat', userId: 'u2' } },
      { clientEvent: { channel: 'presence-chat', event: 'client-typing', data: { t: true }, userId: 'u2' } },
    ];
    const soketi = plan('soketi', steps2);
    const sent = soketi[3].events[0];
    expect(sent).toMatchObject({ name: 'client_event', event: 'client-typing', data: { t: true }, user_id: 'u2' });
    expect(sent.socket_id).toMatch(/^\d{1,10}\.\d{1,10}$/);
    expect(plan('sockudo', steps2, { batch: false })[3].events[0]).not.toHaveProperty('user_id');
    expect(plan('pusher', steps2)[3].events[0]).toMatchObject({ data: '{"t":true}', user_id: 'u2' });
  });

  it('explains a step that cannot happen', () => {
    expect(() => plan('soketi', [{ leave: { channel: 'presence-a', userId: 'u' } }])).toThrow(/steps\.0: user u is not subscribed/);
    expect(() => plan('soketi', [{ subscribe: { channel: 'presence-a' } }])).toThrow(/use join/);
    expect(() => plan('soketi', [{ subscribe: { channel: 'a' } }, { clientEvent: { channel: 'a', event: 'typing' } }])).toThrow(/start with "client-"/);
  });
});

describe('ts-broadcasting', () => {
  it('a join opens a socket (connection, then subscribe with channel_data); a leave closes it; client events send nothing', () => {
    const ws = plan('ts-broadcasting', [
      { join: { channel: 'presence-room', userId: 'u-1', userInfo: { name: 'Ann' } } },
      { clientEvent: { channel: 'presence-room', event: 'client-typing' } },
      { waitMs: 200 },
      { leave: { channel: 'presence-room', userId: 'u-1' } },
    ]);
    expect(ws.map((w) => [w.at, w.events[0].event])).toEqual([[0, 'connection'], [0, 'subscribe'], [200, 'disconnection']]);
    const socketId = (ws[0].events[0].data as { socketId: string }).socketId;
    expect(socketId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ws[0].events[0].data).toEqual({ socketId, connectedAt: BASE });
    expect(ws[1].events[0].data).toEqual({ socketId, channel: 'presence-room', channelData: { user_id: 'u-1', user_info: { name: 'Ann' } } });
    expect(ws[2].events[0].data).toEqual({ socketId, code: 1000, reason: '' });
    expect(ws[2].timeMs).toBe(BASE + 200);
  });
});

describe('batching windows', () => {
  it('soketi: the first event arms 50 ms; events after it start the next batch; time_ms at flush', () => {
    const ws = plan('soketi', [
      { subscribe: { channel: 'a' } },
      { waitMs: 30 },
      { subscribe: { channel: 'b' } },
      { waitMs: 30 },
      { subscribe: { channel: 'c' } },
    ], { batch: true });
    expect(show(ws)).toEqual(['50: channel_occupied a, channel_occupied b', '110: channel_occupied c']);
    expect(ws.map((w) => w.timeMs)).toEqual([BASE + 50, BASE + 110]);
  });

  it('Pusher: at most 20 events per batch, then the next', () => {
    const steps: ScenarioStep[] = Array.from({ length: 25 }, (_, i) => ({ subscribe: { channel: `c${i}` } }));
    const ws = plan('pusher', steps, { batch: true, eventTypes: ['channel_occupied'] });
    expect(ws.map((w) => [w.at, w.events.length])).toEqual([[0, 20], [250, 5]]);
  });

  it('eventTypes: only the types the app subscribed to, before batching', () => {
    const steps: ScenarioStep[] = [{ subscribe: { channel: 'cache-x' } }, { join: { channel: 'presence-r', userId: 'u' } }];
    expect(plan('soketi', steps, { batch: true, eventTypes: ['member_added', 'cache_miss'] })[0].names).toEqual(['cache_miss', 'member_added']);
    expect(plan('sockudo', steps, { eventTypes: ['member_added'] }).map((w) => w.names)).toEqual([['member_added']]);
  });

  it('events mode: one request for all (batch) or one per event; ts-broadcasting never batches', () => {
    const input = (as: SendServer, batch?: boolean) =>
      sendSchema.parse({ to: 'http://127.0.0.1:9/h', as, key: 'k', secret: 's', batch, events: [{ name: 'channel_occupied', channel: 'a' }, { name: 'channel_vacated', channel: 'a', timeMs: BASE - 5 }] });
    expect(prepareSend(input('soketi'), fixedClock()).webhooks.map((w) => [w.at, w.timeMs])).toEqual([[0, BASE], [0, BASE - 5]]);
    expect(prepareSend(input('soketi', true), fixedClock()).webhooks.map((w) => [w.at, w.names.length])).toEqual([[50, 2]]);
    expect(prepareSend(input('sockudo'), fixedClock()).webhooks.map((w) => [w.at, w.timeMs, w.names.length])).toEqual([[50, BASE - 5, 2]]);
    const tsb = sendSchema.parse({ to: 'http://127.0.0.1:9/h', as: 'ts-broadcasting', secret: 's', batch: true, events: [{ event: 'connection', data: {} }] });
    expect(() => prepareSend(tsb, fixedClock())).toThrow(/never batches/);
  });
});
