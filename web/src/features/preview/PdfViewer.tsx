import { useEffect, useRef, useState } from 'react';
import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

/**
 * PDFs drawn by pdf.js onto canvases, in this page: the browser's own viewer cannot be framed under the
 * app's CSP (frame-src 'none', X-Frame-Options DENY), and pdf.js runs with eval and scripting disabled.
 * It fetches the file itself with Range requests, so a long PDF opens without downloading all of it.
 */
export default function PdfViewer({ source }: { source: { url: string } | { data: Uint8Array } }) {
  const container = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState(0);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let document: PDFDocumentProxy | undefined;
    let cancelled = false;
    const task = getDocument({ ...source, isEvalSupported: false, enableXfa: false, withCredentials: true, disableAutoFetch: true });
    task.promise
      .then(async (pdf) => {
        document = pdf;
        if (cancelled) return;
        setPages(pdf.numPages);
        const shown = Math.min(pdf.numPages, 50);
        for (let number = 1; number <= shown && !cancelled; number++) {
          const page = await pdf.getPage(number);
          const width = Math.min(900, (container.current?.clientWidth ?? 800) - 16);
          const viewport = page.getViewport({ scale: 1 });
          const scaled = page.getViewport({ scale: (width / viewport.width) * window.devicePixelRatio });
          const canvas = window.document.createElement('canvas');
          canvas.width = scaled.width;
          canvas.height = scaled.height;
          canvas.className = 'pdf-page';
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', `Page ${number}`);
          container.current?.append(canvas);
          await page.render({ canvas, viewport: scaled }).promise;
        }
      })
      .catch((err: unknown) => !cancelled && setError(err instanceof Error ? err.message : 'This PDF could not be shown.'));
    return () => {
      cancelled = true;
      void task.destroy();
      void document?.destroy();
    };
  }, [source]);
  return (
    <div className="pdf-preview" data-testid="pdf-preview" data-pages={pages}>
      {error && <p className="form-error">{error}</p>}
      <div ref={container} className="pdf-pages" />
    </div>
  );
}
