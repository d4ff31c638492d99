import { api } from '@coffer/sdk';
import { client } from '../../app/client';
import { useToasts } from '../../components/toasts';

/**
 * The export is a plain GET with the session cookie, so the browser streams the zip straight to disk
 * (a whole drive never sits in the page's memory).
 */
export function ExportSection() {
  const toasts = useToasts();
  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">Export my data</h2>
      <p>A zip of all your files, decrypted, with a coffer-export.json describing folders and versions.</p>
      <button
        type="button"
        onClick={() => {
          const anchor = document.createElement('a');
          anchor.href = client.urlFor(api.exportAccount, {});
          anchor.download = 'coffer-export.zip';
          anchor.click();
          toasts.info('Your export is downloading.');
        }}
      >
        Download my data
      </button>
    </section>
  );
}
