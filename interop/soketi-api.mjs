// soketi's own view of its channels over its HTTP API, signed with the app secret by the official
// `pusher` package (hookscope's devDependency): GET /apps/:id/channels?info=user_count (occupied
// channels) and GET /apps/:id/channels/:name/users (presence members).
import Pusher from 'pusher';
import { APP } from './soketi.mjs';

export function soketiApi(port) {
  return new Pusher({ appId: APP.id, key: APP.key, secret: APP.secret, host: '127.0.0.1', port: String(port), useTLS: false });
}

async function getJson(pusher, path, params) {
  const res = await pusher.get({ path, params });
  if (res.status !== 200) throw new Error(`soketi GET ${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** { occupied: Map<channel, string[] | null> }: members for presence channels, null for the others. */
export async function soketiChannels(pusher) {
  const { channels } = await getJson(pusher, '/channels', { info: 'user_count' });
  const occupied = new Map();
  for (const name of Object.keys(channels ?? {}).sort()) {
    if (!name.startsWith('presence-')) occupied.set(name, null);
    else occupied.set(name, (await getJson(pusher, `/channels/${name}/users`)).users.map((u) => String(u.id)).sort());
  }
  return occupied;
}
