// `hookscope mcp [--from URL] [--token T]`: its arguments and usage (mcp-cli.ts runs it; kept apart so
// the CLI loads the MCP SDK only for this subcommand).
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.js';

export interface McpOptions {
  from: string;
  token: string | null;
}

export const mcpUsage = `Usage: hookscope mcp [--from URL] [--token T]
  An MCP server on stdin/stdout (tools: list_bins, create_bin, list_requests, get_request, list_events,
  wait_for_event, explain_signature, list_channels, get_channel, wait_for_channel, send_webhooks) for the hookscope at --from. A running hookscope also serves
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
