// One MCP tool: a name, a short description, zod input and output schemas (the SDK turns them into
// the JSON Schemas clients see and validates calls with them) and `run`, written against the typed
// client (hookscope/client), so the same tool works over stdio (real fetch to --from) and on the
// server's POST /mcp (a fetch into the app, in-process). A result is readable text plus structured content.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { z } from 'zod';
import { HookscopeApiError } from '../../sdk/errors.js';
import type { HookscopeClient } from '../../sdk/client.js';

export interface ToolDeps {
  client: HookscopeClient;
}

export interface ToolResult {
  text: string;
  structured: Record<string, unknown>;
}

export interface ToolDef<I extends z.ZodObject, O extends z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  readOnly: boolean;
  run(args: z.output<I>, deps: ToolDeps, signal: AbortSignal): Promise<ToolResult>;
}

export interface Tool {
  name: string;
  register(server: McpServer, deps: ToolDeps): void;
}

function failure(err: unknown, deps: ToolDeps): string {
  if (err instanceof HookscopeApiError) return `${err.code}: ${err.message}`;
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `could not reach hookscope at ${deps.client.baseUrl}: ${err instanceof Error ? err.message : String(err)}${cause}`;
}

export function tool<I extends z.ZodObject, O extends z.ZodObject>(def: ToolDef<I, O>): Tool {
  return {
    name: def.name,
    register(server, deps) {
      server.registerTool(
        def.name,
        {
          title: def.title,
          description: def.description,
          // Widened: the SDK's callback type cannot follow a generic schema; `run` gets the parsed args.
          inputSchema: def.input as z.ZodObject,
          outputSchema: def.output as z.ZodObject,
          annotations: { readOnlyHint: def.readOnly, openWorldHint: false },
        },
        async (args, extra) => {
          try {
            const { text, structured } = await def.run(args as z.output<I>, deps, extra.signal);
            return { content: [{ type: 'text' as const, text }], structuredContent: structured };
          } catch (err) {
            return { isError: true, content: [{ type: 'text' as const, text: failure(err, deps) }] };
          }
        },
      );
    },
  };
}
