export function MethodBadge({ method }: { method: string }) {
  const known = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].includes(method) ? method.toLowerCase() : 'other';
  return <span class={`method method-${known}`}>{method}</span>;
}
