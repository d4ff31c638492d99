// Coffer's service worker caches the app shell only: the page, its hashed scripts and styles, icons.
// It never stores user data: /api/ requests (file lists, contents, previews) always go to the network.
const shell = 'coffer-shell-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(shell).then((cache) => cache.addAll(['/', '/manifest.webmanifest', '/icon.svg'])));
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== shell).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // Network first, so a new build is picked up at once; the cached page only when offline.
    event.respondWith(fetch(request).catch(() => caches.match('/').then((cached) => cached || Response.error())));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Hashed names never change: serve from the cache, fill it on first use.
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(shell).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
  }
});
