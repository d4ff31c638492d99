import { useToasts } from '../../components/toasts';
import { downloadText } from './save-text';

interface ShownOnceProps {
  /** What the secret is, for labels and toasts, e.g. "App password". */
  readonly what: string;
  readonly lines: readonly string[];
  readonly fileName: string;
  readonly testId: string;
  readonly onDone: () => void;
}

/** A secret the server will never show again: copy, download, then dismiss. */
export function ShownOnce({ what, lines, fileName, testId, onDone }: ShownOnceProps) {
  const toasts = useToasts();
  const text = lines.join('\n');
  return (
    <div className="stack shown-once">
      <div className="warning" role="note">
        <strong>{what}: shown only once.</strong> Store it now; Coffer keeps only a hash and cannot show it again.
      </div>
      <output className="recovery-key" data-testid={testId} aria-label={what}>
        {lines.map((line) => (
          <span key={line} className="secret-line">
            {line}
          </span>
        ))}
      </output>
      <div className="row">
        <button
          type="button"
          onClick={() =>
            navigator.clipboard.writeText(text).then(
              () => toasts.success(`${what} copied.`),
              () => toasts.error('Could not copy. Select the text and copy it by hand.'),
            )
          }
        >
          Copy
        </button>
        <button
          type="button"
          onClick={() => {
            downloadText(fileName, text + '\n');
            toasts.success(`${what} downloaded.`);
          }}
        >
          Download
        </button>
        <button type="button" onClick={onDone}>
          I have stored it
        </button>
      </div>
    </div>
  );
}
