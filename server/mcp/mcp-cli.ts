// `hookscope mcp [--from URL] [--token T]`: hookscope's MCP server over stdio, for editors and agents
// that start a process. The tools call the hookscope at --from through the typed client; stdout
// carries only the protocol, notes go to stderr.
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { hookscope } from '../../sdk/client.js';
import { ConfigError } from '../config.js';
import { createMcpServer } from './mcp-server.js';

export interface McpOptions {
  from: string;
  token: string | null;
}

export const mcpUsage = `Usage: hookscope mcp [--from URL] [--token T]
  An MCP server on stdin/stdout (tools: list_bins, create_bin, list_requests, get_request, list_events,
  wait_for_event, explain_signature) for the hookscope at --from. A running hookscope also serves
  the same tools over streamable HTTP at POST <url>/mcp.
  --from URL    the hookscope to use (default http://127.0.0.1:8484, env HOOKSCOPE_FROM)
  --token T     its --token, if it has one (env HOOKSCOPE_TOKEN)
`;

/** argv after `mcp`. Pure: env is passed in. */
export function parseMcpArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): McpOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: false, strict: true, options: { from: { type: 'string' }, token: { type: 'string' } } });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const from = (parsed.values.from ?? env.HOOKSCOPE_FROM ?? 'http://127.0.0.1:8484').replace(/\/+$/, '');
  if (!/^https?:\/\/./.test(from)) throw new ConfigError(`--from "${from}" must be an http or https URL`);
  return { from, token: parsed.values.token ?? env.HOOKSCOPE_TOKEN ?? null };
}

/** Serves until the client closes stdin or `signal` aborts. */
export async function runMcp(o: McpOptions, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, signal: AbortSignal): Promise<void> {
  const server = createMcpServer(hookscope(o.from, { token: o.token ?? undefined }));
  const transport = new StdioServerTransport(input as NodeJS.ReadStream, output as NodeJS.WriteStream);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    input.once('end', () => void server.close());
    signal.addEventListener('abort', () => void server.close(), { once: true });
  });
  await server.connect(transport);
  await closed;
}
