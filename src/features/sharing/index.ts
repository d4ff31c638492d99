export { SharesService, type NewShare, type ShareView, type Permission } from './shares.service.js';
export { SharedAccessService, type SharedWithMe } from './shared-access.service.js';
export { GrantOpener } from './grant-opener.js';
export { LinksService, type LinkView, type NewLink } from './links.service.js';
export { LinkAccessService, type LinkEntry, type LinkManifest, type OpenedLink } from './link-access.service.js';
export { linkAccess, linkKek } from './link-keys.js';
export { TableShareEvents, type ShareEvent, type ShareEventKind, type ShareEvents } from './share-events.js';
export { FileRequestsService, type FileRequestView } from './file-requests.service.js';
export { RequestDropService } from './request-drop.service.js';
