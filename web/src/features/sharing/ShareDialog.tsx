import type { NodeDto } from '@coffer/sdk';
import { useSession } from '../../app/session';
import { Dialog } from '../../components/dialog';
import { DeliveryShares } from './DeliveryShares';
import { LinkShares } from './LinkShares';
import { UserShares } from './UserShares';

/** Sharing a file or folder: with people (by email), by link, and sent by email with a code. Loaded on demand from the file browser. */
export default function ShareDialog({ node, onClose }: { node: NodeDto; onClose: () => void }) {
  // Sending by email is for members (the server's 'member' access level): not guests, not auditors.
  const { role } = useSession().user;
  const canSend = role === 'user' || role === 'admin';
  return (
    <Dialog title={`Share ${node.name}`} onClose={onClose} wide>
      <div className="dialog-body stack">
        <UserShares node={node} />
        <LinkShares node={node} />
        {canSend && <DeliveryShares node={node} />}
      </div>
      <footer className="dialog-actions">
        <button type="button" onClick={onClose}>
          Done
        </button>
      </footer>
    </Dialog>
  );
}
