import type { z } from 'zod';
import type { FileRequest, GuestInvitation, Share, SharedItem, Link, LinkEntry, ShareEventDto } from '../api/index.js';
import type { GuestInvitationRow, ShareEventRow } from '../db/index.js';
import type { FileRequestView, LinkEntry as LinkEntryView, LinkView, SharedWithMe, ShareView } from '../features/sharing/index.js';
import { presentNode } from './presenters.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export function presentShare(share: ShareView): z.infer<typeof Share> {
  return { ...share, expiresAt: isoOrNull(share.expiresAt), createdAt: iso(share.createdAt) };
}

export function presentSharedItem(item: SharedWithMe): z.infer<typeof SharedItem> {
  return { ...item, node: item.node ? presentNode(item.node) : null, expiresAt: isoOrNull(item.expiresAt) };
}

export function presentLink(link: LinkView): z.infer<typeof Link> {
  return { ...link, expiresAt: isoOrNull(link.expiresAt), revokedAt: isoOrNull(link.revokedAt), createdAt: iso(link.createdAt) };
}

export function presentLinkEntry(entry: LinkEntryView): z.infer<typeof LinkEntry> {
  return { ...entry, modifiedAt: iso(entry.modifiedAt), keyWrapped: entry.keyWrapped.toString('base64'), nameSealed: entry.nameSealed.toString('base64') };
}

export function presentShareEvent(event: ShareEventRow): z.infer<typeof ShareEventDto> {
  return { id: event.id, kind: event.kind, actorId: event.actor_id, subjectId: event.subject_id, nodeId: event.node_id, at: iso(event.at) };
}

/** Parses an optional ISO expiry from a request; absent stays undefined, null stays null. */
export function expiryOf(value: string | null | undefined): number | null | undefined {
  if (value === undefined || value === null) return value;
  return Date.parse(value);
}

export function presentFileRequest(request: FileRequestView): z.infer<typeof FileRequest> {
  return { ...request, expiresAt: isoOrNull(request.expiresAt), revokedAt: isoOrNull(request.revokedAt), createdAt: iso(request.createdAt) };
}

export function presentGuestInvitation(row: GuestInvitationRow): z.infer<typeof GuestInvitation> {
  return {
    id: row.id,
    email: row.email,
    nodeId: row.node_id,
    permission: row.permission,
    accepted: row.accepted_user_id !== null,
    expiresAt: iso(row.expires_at),
    createdAt: iso(row.created_at),
  };
}
