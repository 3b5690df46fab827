// `hookscope mcp [--from URL] [--token T]`: hookscope's MCP server over stdio, for editors and agents
// that start a process. The tools call the hookscope at --from through the typed client; stdout
// carries only the protocol, notes go to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { hookscope } from '../../sdk/client.js';
import type { McpOptions } from './mcp-args.js';
import { createMcpServer } from './mcp-server.js';

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
