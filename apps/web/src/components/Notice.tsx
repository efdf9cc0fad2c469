/** A polite live region that stays in the page, so a screen reader notices when a message appears in it. */
export function Notice({ text }: { text: string }) {
  return (
    <div role="status" aria-live="polite" className="notice-region">
      {text && (
        <div className="alert alert-success">
          <div className="alert-body">
            <p className="alert-text">{text}</p>
          </div>
        </div>
      )}
    </div>
  );
}
