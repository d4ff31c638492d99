import { useCallback, useEffect, useState } from 'react';
import type { NodeDto, VersionDto } from '@coffer/sdk';
import { client } from '../../app/client';
import { Dialog } from '../../components/dialog';
import { formatBytes, formatDate } from '../../components/format';
import { useToasts } from '../../components/toasts';
import { downloadVersion } from './download';

export function VersionsDialog({ node, onChanged, onClose }: { node: NodeDto; onChanged: () => void; onClose: () => void }) {
  const toasts = useToasts();
  const [versions, setVersions] = useState<VersionDto[]>();
  const load = useCallback(() => {
    client.listVersions(node.id).then(
      (result) => setVersions(result.versions),
      (err: unknown) => toasts.error(err),
    );
  }, [node.id, toasts]);
  useEffect(load, [load]);
  return (
    <Dialog title={`Versions of ${node.name}`} onClose={onClose} wide>
      <div className="dialog-body">
        {!versions && <p>Loading…</p>}
        <ul className="versions">
          {versions?.map((version) => (
            <li key={version.id} data-testid="version">
              <span>
                <strong>Version {version.number}</strong> · {formatBytes(version.size)} · {formatDate(version.createdAt)}
                {version.current && <span className="badge">current</span>}
              </span>
              <span className="row">
                {!node.passphraseProtected && (
                  <button type="button" onClick={() => downloadVersion(node, version.id)}>
                    Download
                  </button>
                )}
                {!version.current && (
                  <button
                    type="button"
                    onClick={() =>
                      client.restoreVersion(node.id, version.id).then(
                        () => {
                          toasts.success(`Version ${version.number} restored.`);
                          load();
                          onChanged();
                        },
                        (err: unknown) => toasts.error(err),
                      )
                    }
                  >
                    Restore
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      </div>
    </Dialog>
  );
}
