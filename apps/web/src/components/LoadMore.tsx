/** Below a list read page by page along the API's cursor: says that more exist and fetches the next page. */
export function LoadMore({ text, label, busy, onLoad }: { text: string; label: string; busy: boolean; onLoad: () => void }) {
  return (
    <div className="load-more">
      <p className="muted">{text}</p>
      <button type="button" className="button button-secondary" disabled={busy} onClick={onLoad}>
        {label}
      </button>
    </div>
  );
}
