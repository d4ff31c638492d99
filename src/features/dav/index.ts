export { DavLocksService, maxLockSeconds, type DavLock, type LockRequest } from './dav-locks.service.js';
export { DavPropertiesService, maxPropertyBytes, type DeadProperty, type PropertyChange } from './dav-properties.service.js';
