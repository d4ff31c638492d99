import { lazy, Suspense, useEffect, useState } from 'react';
import { usePdfSource } from './pdf-source';
import type { NodeDto } from '@coffer/sdk';
import { client, describeError } from '../../app/client';
import { Dialog } from '../../components/dialog';
import { useToasts } from '../../components/toasts';
import { downloadNodes, downloadWithPassphrase, fetchBlob } from '../actions/download';
import { previewKindOf } from './preview-kind';
import { TextViewer, useFileText } from './TextViewer';

// Heavy viewers load only when a PDF or Markdown file is opened (separate chunks).
const PdfViewer = lazy(() => import('./PdfViewer'));
const MarkdownViewer = lazy(() => import('./MarkdownViewer'));

export function PreviewDialog({ node, onClose }: { node: NodeDto; onClose: () => void }) {
  const [passphrase, setPassphrase] = useState<string>();
  const needsPassphrase = node.passphraseProtected && passphrase === undefined;
  return (
    <Dialog title={node.name} onClose={onClose} wide>
      <div className="dialog-body preview">
        {needsPassphrase ? <PassphrasePrompt node={node} onPassphrase={setPassphrase} /> : <PreviewBody node={node} passphrase={passphrase} />}
      </div>
    </Dialog>
  );
}

function PassphrasePrompt({ node, onPassphrase }: { node: NodeDto; onPassphrase: (passphrase: string) => void }) {
  const toasts = useToasts();
  const [value, setValue] = useState('');
  return (
    <form
      className="stack narrow"
      onSubmit={(event) => {
        event.preventDefault();
        // One ranged read checks the passphrase before any viewer starts.
        client
          .download(node.id, { passphrase: value, range: { start: 0, end: 0 } })
          .then((result) => result.stream.cancel())
          .then(
            () => onPassphrase(value),
            (err: unknown) => toasts.error(err),
          );
      }}
    >
      <p>This file is protected by its own passphrase.</p>
      <label>
        Passphrase
        <input type="password" autoFocus required value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit" className="primary">
        Unlock
      </button>
    </form>
  );
}

function PreviewBody({ node, passphrase }: { node: NodeDto; passphrase: string | undefined }) {
  const toasts = useToasts();
  const kind = previewKindOf(node);
  const blobUrl = usePassphraseBlobUrl(node, passphrase, kind === 'image' || kind === 'video' || kind === 'audio');
  const src = passphrase === undefined ? client.contentUrl(node.id, { inline: true }) : blobUrl;
  const pdfSource = usePdfSource(node, passphrase, kind === 'pdf');
  const download = (): void => {
    if (passphrase === undefined) downloadNodes([node], node.name);
    else
      downloadWithPassphrase(node, passphrase).then(
        () => toasts.success(`Downloaded ${node.name}.`),
        (err: unknown) => toasts.error(err),
      );
  };
  return (
    <>
      <div className="preview-frame">
        {kind === 'image' && src && <img src={src} alt={node.name} data-testid="image-preview" />}
        {kind === 'video' && src && <video src={src} controls preload="metadata" data-testid="video-preview" aria-label={node.name} />}
        {kind === 'audio' && src && <audio src={src} controls preload="metadata" data-testid="audio-preview" aria-label={node.name} />}
        {kind === 'pdf' && pdfSource && (
          <Suspense fallback={<p>Loading the PDF viewer…</p>}>
            <PdfViewer source={pdfSource} />
          </Suspense>
        )}
        {(kind === 'text' || kind === 'markdown') && <TextPreview node={node} passphrase={passphrase} markdown={kind === 'markdown'} />}
        {kind === 'none' && <p className="muted">There is no preview for this kind of file.</p>}
      </div>
      <footer className="dialog-actions">
        <button type="button" className="primary" onClick={download}>
          Download
        </button>
      </footer>
    </>
  );
}

function TextPreview({ node, passphrase, markdown }: { node: NodeDto; passphrase: string | undefined; markdown: boolean }) {
  const { text, error, truncated } = useFileText(node, passphrase);
  if (error) return <p className="form-error">{describeError(error)}</p>;
  if (text === undefined) return <p>Loading…</p>;
  if (!markdown) return <TextViewer text={text} truncated={truncated} />;
  return (
    <Suspense fallback={<p>Loading…</p>}>
      <MarkdownViewer text={text} />
    </Suspense>
  );
}

/** Passphrase-protected media cannot be fetched by <img>/<video> (the passphrase is a header): fetch it once into a Blob. */
function usePassphraseBlobUrl(node: NodeDto, passphrase: string | undefined, wanted: boolean): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (passphrase === undefined || !wanted) return;
    let created: string | undefined;
    let live = true;
    fetchBlob(node, passphrase).then(
      (blob) => {
        if (!live) return;
        created = URL.createObjectURL(blob);
        setUrl(created);
      },
      () => undefined,
    );
    return () => {
      live = false;
      if (created) URL.revokeObjectURL(created);
    };
  }, [node, passphrase, wanted]);
  return url;
}
