/** Name/value rows in the order given (headers keep arrival order and duplicates). */
export function KeyValueTable({ rows, empty, label }: { rows: [string, string][]; empty: string; label: string }) {
  if (rows.length === 0) return <p class="muted pad">{empty}</p>;
  return (
    <table class="table kv" aria-label={label}>
      <tbody>
        {rows.map(([k, v], i) => (
          <tr key={i}>
            <th scope="row" class="mono">{k}</th>
            <td class="mono wrap">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
