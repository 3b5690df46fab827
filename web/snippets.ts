// Ready-to-paste webhook settings for the broadcast servers (formats.md §2.4 soketi `webhooks`
// entries inside `appManager.array.apps`, §3.3 sockudo `app_manager.array.apps[].webhooks`).

/** Everything soketi can send (formats.md §2.1; subscription_count does not exist in soketi 1.x). */
export const SOKETI_EVENT_TYPES = ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event', 'cache_miss'];

/** sockudo adds subscription_count and member_updated (formats.md §3.1). */
export const SOCKUDO_EVENT_TYPES = [...SOKETI_EVENT_TYPES, 'subscription_count', 'member_updated'];

export interface Snippet {
  id: string;
  label: string;
  language: 'json' | 'shell';
  text: string;
}

export function webhookSnippets(binUrl: string): Snippet[] {
  const soketiHook = [{ url: binUrl, event_types: SOKETI_EVENT_TYPES }];
  const soketiConfig = {
    'appManager.array.apps': [{ id: 'app-id', key: 'app-key', secret: 'app-secret', webhooks: soketiHook }],
  };
  const sockudoConfig = {
    app_manager: {
      driver: 'memory',
      array: {
        apps: [{ id: 'app-id', key: 'app-key', secret: 'app-secret', webhooks: [{ url: binUrl, event_types: SOCKUDO_EVENT_TYPES }] }],
      },
    },
  };
  return [
    { id: 'soketi-json', label: 'soketi config.json', language: 'json', text: JSON.stringify(soketiConfig, null, 2) },
    { id: 'soketi-env', label: 'soketi env', language: 'shell', text: `SOKETI_DEFAULT_APP_WEBHOOKS='${JSON.stringify(soketiHook)}'` },
    { id: 'sockudo-json', label: 'sockudo config.json', language: 'json', text: JSON.stringify(sockudoConfig, null, 2) },
    { id: 'curl', label: 'curl', language: 'shell', text: `curl -X POST '${binUrl}' -H 'Content-Type: application/json' --data '{"hello":"hookscope"}'` },
  ];
}
