// MCP tools over the channel state (issue 16): list_channels, get_channel, wait_for_channel.
import { z } from 'zod';
import type { ChannelDetail, ChannelSummary } from '../../core/wire.js';
import { HookscopeChannelWaitError } from '../../sdk/errors.js';
import { channelDetail, channelSummary } from '../api/channel-schemas.js';
import { tool } from './tool.js';
import { binArg } from './tools-bins.js';

const members = (c: ChannelSummary | ChannelDetail): string =>
  c.members === undefined ? '' : c.members.length === 0 ? '  no members' : `  members ${c.members.map((m) => m.userId).join(', ')}`;

export const listChannels = tool({
  name: 'list_channels',
  title: 'List channel state',
  description: 'The channels a bin\'s webhooks name, with what they say now: occupied or not, presence members, subscription count, anomalies (e.g. member_removed for a user not present).',
  input: z.object({
    bin: binArg,
    occupied: z.boolean().optional().describe('only occupied (true) or vacated (false) channels'),
    prefix: z.string().optional().describe('only channels whose name starts with this'),
  }),
  output: z.object({ channels: z.array(channelSummary) }),
  readOnly: true,
  async run({ bin: id, ...filter }, { client }) {
    const channels = await (await client.bin(id)).channels(filter);
    const lines = channels.map((c) => `${c.name} (${c.type}) ${c.occupied ? 'occupied' : 'vacated'}${members(c)}${c.subscriptionCount !== undefined ? `  ${c.subscriptionCount} subscriptions` : ''}${c.anomalies > 0 ? `  ${c.anomalies} anomalies` : ''}`);
    return { text: lines.length === 0 ? `No channel events in bin ${id}.` : lines.join('\n'), structured: { channels } };
  },
});

export const getChannel = tool({
  name: 'get_channel',
  title: 'Read one channel',
  description: 'One channel\'s state with its timeline (which request and event changed it) and anomalies; `at` (a request id) gives the state as of that request.',
  input: z.object({
    bin: binArg,
    channel: z.string().min(1).describe('the channel name, exact'),
    at: z.number().int().min(0).optional().describe('the state as of this request id'),
  }),
  output: z.object(channelDetail.shape),
  readOnly: true,
  async run({ bin: id, channel, at }, { client }) {
    const c = await (await client.bin(id)).channel(channel, at === undefined ? {} : { at });
    const lines = [
      `${c.name} (${c.type}) ${c.occupied ? 'occupied' : 'vacated'}${members(c)} as of request #${c.asOf}`,
      `Timeline (${c.timelineCount}${c.timeline.length < c.timelineCount ? `, last ${c.timeline.length}` : ''}):`,
      ...c.timeline.map((t) => `  #${t.requestId}:${t.index} ${new Date(t.at).toISOString()} ${t.name}${t.event ? ` ${t.event}` : ''}${t.userId ? ` user ${t.userId}` : ''}`),
      ...(c.anomalyCount > 0 ? [`Anomalies (${c.anomalyCount}):`, ...c.anomalies.map((a) => `  #${a.requestId}:${a.index} ${a.kind}: ${a.message}`)] : ['No anomalies.']),
    ];
    return { text: lines.join('\n'), structured: { ...c } };
  },
});

export const waitForChannel = tool({
  name: 'wait_for_channel',
  title: 'Wait for a channel state',
  description: 'Blocks until a channel is (or is not) occupied and/or holds exactly the given presence members, as the bin\'s webhooks tell it ("alice and bob are in presence-room-1"); on timeout, says what state it last saw.',
  input: z.object({
    bin: binArg,
    channel: z.string().min(1).describe('the channel name, exact'),
    occupied: z.boolean().optional().describe('wait until occupied (true) or vacated (false)'),
    members: z.array(z.string()).optional().describe('the exact set of presence user ids ([]: nobody)'),
    timeout: z.number().int().min(0).max(60_000).default(10_000).describe('milliseconds'),
  }),
  output: z.object({ matched: z.boolean(), message: z.string().optional(), channel: z.object(channelDetail.shape).nullable() }),
  readOnly: true,
  async run({ bin: id, channel, occupied, members: wanted, timeout }, { client }, signal) {
    const bin = await client.bin(id);
    try {
      const c = await bin.waitForChannel(channel, { occupied, members: wanted, timeout, signal });
      return { text: `Holds: ${c.name} (${c.type}) ${c.occupied ? 'occupied' : 'vacated'}${members(c)} as of request #${c.asOf}`, structured: { matched: true, channel: { ...c } } };
    } catch (err) {
      if (!(err instanceof HookscopeChannelWaitError)) throw err;
      return { text: `No: ${err.message}`, structured: { matched: false, message: err.message, channel: err.channel ? { ...err.channel } : null } };
    }
  },
});
