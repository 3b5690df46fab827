import type { Bin } from '../../core/wire.js';
import { formatAgo } from '../format.js';
import { CopyButton } from './copy-button.js';
import { binPath, Link, type Navigate } from './link.js';

interface Props {
  bins: Bin[];
  loading: boolean;
  navigate: Navigate;
  now: number;
}

export function BinTable({ bins, loading, navigate, now }: Props) {
  if (bins.length === 0) {
    return <div class="card empty-card"><p class="muted">{loading ? 'Loading bins…' : 'No bins yet. Create one, or just send a request to /h/any-name: it is created on the fly.'}</p></div>;
  }
  return (
    <div class="card table-card">
      <table class="table bins">
        <thead>
          <tr><th>Bin</th><th>Capture URL</th><th class="num">Requests</th><th>Last activity</th><th>Secrets</th></tr>
        </thead>
        <tbody>
          {bins.map((b) => (
            <tr key={b.id} data-bin={b.id}>
              <td class="bin-name"><Link href={binPath(b.id)} navigate={navigate}>{b.name ?? b.id}</Link></td>
              <td class="bin-url">
                <code>{b.url}</code>
                <CopyButton text={b.url} label="Copy URL" />
              </td>
              <td class="num">{b.requestCount.toLocaleString()}</td>
              <td class="muted">{b.requestCount === 0 ? 'none' : formatAgo(b.lastActivityAt, now)}</td>
              <td class="muted">{secretsSummary(b)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function secretsSummary(bin: Bin): string {
  const parts: string[] = [];
  if (bin.pusher.length > 0) parts.push(`Pusher ${bin.pusher.map((c) => c.key).join(', ')}`);
  if (bin.secret !== null) parts.push('ts-broadcasting');
  return parts.length === 0 ? '—' : parts.join(' · ');
}
