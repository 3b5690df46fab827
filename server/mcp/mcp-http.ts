// One POST /mcp exchange: a fresh MCP server and stateless streamable-HTTP transport (JSON answers)
// over the given client. Loaded on the first call (mcp-routes.ts), so a server nobody asks for MCP
// never loads the SDK.
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { HookscopeClient } from '../../sdk/client.js';
import { createMcpServer } from './mcp-server.js';

export async function handleMcpRequest(client: HookscopeClient, request: Request): Promise<Response> {
  const server = createMcpServer(client);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    void server.close();
  }
}
