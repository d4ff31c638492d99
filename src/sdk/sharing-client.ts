import { api, type RouteContract } from '../api/index.js';
import type { BodyIn, ParamsIn, QueryIn, RequestParts, ResultOf } from './contract-types.js';

type Api = typeof api;
type Id = ParamsIn<Api['getNode']>['id'];

/** What SharingClient needs of CofferClient (kept structural so this file does not import the client: no cycle). */
export interface ContractRequester {
  request<C extends RouteContract>(contract: C, parts: RequestParts<C>, signal?: AbortSignal): Promise<ResultOf<C>>;
}

/**
 * Sharing, links, deliveries by email and file requests (`client.sharing`). Each method is named after its route in
 * src/api/sharing-routes.ts.
 *
 * @example
 * const share = await client.sharing.createShare({ nodeId, recipientEmail: 'bob@example.com', permission: 'read' });
 * const { path } = await client.sharing.createLink({ nodeId, maxDownloads: 3 }); // `${baseUrl}${path}` is the link
 * const delivery = await client.sharing.sendDelivery({ nodeId, to: ['patient@example.com'], message: 'Your results' });
 */
export class SharingClient {
  constructor(private readonly client: ContractRequester) {}

  createShare(body: BodyIn<Api['createShare']>) {
    return this.client.request(api.createShare, { body });
  }
  listShares(nodeId: Id) {
    return this.client.request(api.listShares, { params: { id: nodeId } });
  }
  updateShare(id: Id, body: BodyIn<Api['updateShare']>) {
    return this.client.request(api.updateShare, { params: { id }, body });
  }
  revokeShare(id: Id) {
    return this.client.request(api.revokeShare, { params: { id } });
  }
  shareEvents(id: Id) {
    return this.client.request(api.shareEvents, { params: { id } });
  }
  sharedWithMe() {
    return this.client.request(api.sharedWithMe, {});
  }
  leaveShare(id: Id) {
    return this.client.request(api.leaveShare, { params: { id } });
  }
  listShared(id: Id, query: QueryIn<Api['listShared']> = {}) {
    return this.client.request(api.listShared, { params: { id }, query });
  }

  createLink(body: BodyIn<Api['createLink']>) {
    return this.client.request(api.createLink, { body });
  }
  listLinks(query: QueryIn<Api['listLinks']> = {}) {
    return this.client.request(api.listLinks, { query });
  }
  revokeLink(id: Id) {
    return this.client.request(api.revokeLink, { params: { id } });
  }

  /** Secure delivery by email: a link per recipient that opens only with a code mailed to that address. */
  sendDelivery(body: BodyIn<Api['sendDelivery']>) {
    return this.client.request(api.sendDelivery, { body });
  }
  listDeliveries(query: QueryIn<Api['listDeliveries']> = {}) {
    return this.client.request(api.listDeliveries, { query });
  }
  getDelivery(id: Id) {
    return this.client.request(api.getDelivery, { params: { id } });
  }
  revokeDelivery(id: Id) {
    return this.client.request(api.revokeDelivery, { params: { id } });
  }
  revokeDeliveryRecipient(id: Id, recipientId: Id) {
    return this.client.request(api.revokeDeliveryRecipient, { params: { id, recipientId } });
  }

  createRequest(body: BodyIn<Api['createRequest']>) {
    return this.client.request(api.createRequest, { body });
  }
  listRequests() {
    return this.client.request(api.listRequests, {});
  }
  revokeRequest(id: Id) {
    return this.client.request(api.revokeRequest, { params: { id } });
  }
  adoptDrops() {
    return this.client.request(api.adoptDrops, { body: {} });
  }

  inviteGuest(body: BodyIn<Api['inviteGuest']>) {
    return this.client.request(api.inviteGuest, { body });
  }
  listGuestInvitations() {
    return this.client.request(api.listGuestInvitations, {});
  }
  completeGuestInvitations() {
    return this.client.request(api.completeGuestInvitations, { body: {} });
  }
  acceptGuestInvitation(id: Id, body: BodyIn<Api['acceptGuestInvitation']>) {
    return this.client.request(api.acceptGuestInvitation, { params: { id }, body });
  }
}
