// The MCP server of hookscope: the tools of tools-*.ts over a typed client. Built per connection
// (stdio) or per request (POST /mcp is stateless).
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { HookscopeClient } from '../../sdk/client.js';
import { packageVersion } from '../version.js';
import type { Tool } from './tool.js';
import { createBin, getRequest, listBins, listRequests } from './tools-bins.js';
import { explainSignature, listEvents, waitForEvent } from './tools-events.js';
import { sendWebhooks } from './tools-send.js';
import { getChannel, listChannels, waitForChannel } from './tools-channels.js';

export const tools: readonly Tool[] = [listBins, createBin, listRequests, getRequest, listEvents, waitForEvent, explainSignature, listChannels, getChannel, waitForChannel, sendWebhooks];

const INSTRUCTIONS = `hookscope catches webhooks: every request sent to a bin's URL (<base>/h/<bin>/...) is stored byte-exact,
its Pusher / soketi / sockudo / ts-broadcasting signature is checked against the bin's secrets, and batched
webhooks are decoded into events. Typical use: create_bin (with the app's secrets), point the sender at the
returned url, trigger the action, then wait_for_event; get_request and explain_signature say what came and why
a signature fails. send_webhooks plays the broadcast server against your own app's webhook endpoint.`;

export function createMcpServer(client: HookscopeClient): McpServer {
  const server = new McpServer({ name: 'hookscope', version: packageVersion() }, { instructions: INSTRUCTIONS });
  for (const t of tools) t.register(server, { client });
  return server;
}
