// The recipient page of a public link. The secret is read from the fragment (never sent to the server); the page
// proves the link with a value derived from it, then fetches wrapped keys, sealed names and ciphertext, and
// decrypts everything here with WebCrypto (link-crypto.js). Names are shown with textContent only.
import { expectedObjectSizes, fromBase64, linkKeys, openChild, openLinkRoot, openObject, openVersionKeys, toBase64Url } from './link-crypto.js';

const linkId = location.pathname.split('/').pop() ?? '';
const secretText = location.hash.slice(1);
const $ = (id) => document.getElementById(id);
let ticket = '';
let allowDownload = false;

async function call(path, body) {
  const response = await fetch(`/api/v1/public/links/${encodeURIComponent(linkId)}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw Object.assign(new Error(json.error?.message ?? 'The request failed.'), { code: json.error?.code, status: response.status });
  return json;
}

function showUnavailable(message) {
  $('title').textContent = 'This link is not available';
  $('status').textContent = message;
  for (const id of ['file', 'listing', 'crumbs', 'zip-bar', 'password-form', 'code-form']) $(id).hidden = true;
  document.body.dataset.state = 'unavailable';
}

function entry(raw) {
  return { ...raw, keyWrapped: fromBase64(raw.keyWrapped), nameSealed: fromBase64(raw.nameSealed) };
}

function formatSize(bytes) {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

async function fetchObject(downloadTicket, index) {
  const response = await fetch(`/api/v1/public/links/${encodeURIComponent(linkId)}/objects/${index}`, {
    headers: { 'x-coffer-link-ticket': downloadTicket },
  });
  if (!response.ok) throw new Error('The file could not be fetched.');
  return new Uint8Array(await response.arrayBuffer());
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Decrypts a file object by object (the next one is fetched while the current one is decrypted). */
async function decryptFile(fileId, dataKey, onProgress) {
  const manifest = await call('/manifest', { ticket, fileId });
  const keys = await openVersionKeys(dataKey, manifest.fileId, manifest.versionId, fromBase64(manifest.salt), fromBase64(manifest.commitment));
  const count = expectedObjectSizes(manifest.size).length;
  const parts = [];
  let next = fetchObject(manifest.ticket, 0);
  for (let index = 0; index < count; index++) {
    const sealed = await next;
    if (index + 1 < count) next = fetchObject(manifest.ticket, index + 1);
    parts.push(await openObject(keys, manifest.size, index, sealed));
    if (index === 0) performance.mark('coffer-first-byte');
    onProgress((index + 1) / count);
  }
  performance.mark('coffer-decrypted');
  return parts;
}

const textTypes = /\.(txt|md|csv|json|log)$/i;
const imageTypes = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

async function showFile(fileId, key, name, size) {
  $('file').hidden = false;
  $('file-size').textContent = formatSize(size);
  const progress = $('progress');
  const run = async () => {
    $('error').textContent = '';
    progress.hidden = false;
    performance.mark('coffer-download-start');
    try {
      const parts = await decryptFile(fileId, key, (fraction) => (progress.value = fraction));
      const extension = name.split('.').pop()?.toLowerCase() ?? '';
      if (allowDownload) save(new Blob(parts, { type: 'application/octet-stream' }), name);
      else if (textTypes.test(name)) {
        $('preview-text').textContent = new TextDecoder().decode(await new Blob(parts).arrayBuffer());
        $('preview-text').hidden = false;
      } else if (imageTypes[extension]) {
        $('preview-image').src = URL.createObjectURL(new Blob(parts, { type: imageTypes[extension] }));
        $('preview-image').hidden = false;
      } else {
        $('status').textContent = 'This file cannot be previewed, and the link does not allow downloading it.';
      }
      document.body.dataset.state = 'done';
    } catch (err) {
      if (err.code === 'link.not_found') showUnavailable(err.message);
      else $('error').textContent = err.message ?? 'The file could not be decrypted.';
      document.body.dataset.state = 'failed';
    }
  };
  const button = $('download');
  button.textContent = allowDownload ? 'Download' : 'Preview';
  button.onclick = run;
}

async function showFolder(trail) {
  const { id, key } = trail[trail.length - 1];
  const { items } = await call('/children', { ticket, folderId: id });
  const list = $('listing');
  list.replaceChildren();
  const opened = await Promise.all(items.map(async (raw) => ({ raw, ...(await openChild(key, id, entry(raw))) })));
  opened.sort((a, b) => (a.raw.type === b.raw.type ? a.name.localeCompare(b.name) : a.raw.type === 'folder' ? -1 : 1));
  const selected = new Set();
  for (const item of opened) {
    const li = document.createElement('li');
    if (allowDownload) {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.setAttribute('aria-label', `Select ${item.name}`);
      box.onchange = () => {
        if (box.checked) selected.add(item);
        else selected.delete(item);
        $('zip-selected').disabled = selected.size === 0;
      };
      li.append(box, ' ');
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = item.raw.type === 'folder' ? `📁 ${item.name}` : `${item.name} (${formatSize(item.raw.size)})`;
    button.onclick = () => {
      if (item.raw.type === 'folder') void showFolder([...trail, { id: item.raw.id, key: item.key, name: item.name }]);
      else void showFile(item.raw.id, item.key, item.name, item.raw.size).then(() => $('download').click());
    };
    li.append(button);
    list.append(li);
  }
  const crumbs = $('crumbs');
  crumbs.replaceChildren(
    ...trail.map((step, index) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = step.name;
      button.onclick = () => void showFolder(trail.slice(0, index + 1));
      return button;
    }),
  );
  crumbs.hidden = false;
  list.hidden = false;
  // View-only links get no zip: the server refuses to count one, and the page does not offer it.
  $('zip-bar').hidden = !allowDownload;
  $('zip-selected').disabled = true;
  const folderName = trail[trail.length - 1].name;
  $('zip').onclick = () => void downloadZipOf(opened, folderName);
  $('zip-selected').onclick = () => void downloadZipOf([...selected], `${folderName} (selection)`);
  document.body.dataset.state = 'listed';
}

let pendingPassword;

/** A delivery link: a one-time code is mailed to the recipient's address now; the wrapped key comes only with it. */
async function askForCode(access, message) {
  $('title').textContent = 'Enter the code we emailed you';
  $('code-form').hidden = false;
  $('error').textContent = message ?? '';
  document.body.dataset.state = 'code';
  try {
    const sent = await call('/code', { access: toBase64Url(access) });
    $('code-sent').textContent = sent.sent
      ? `We sent a 6-digit code to ${sent.sentTo}. It is valid for 10 minutes.`
      : `A code was sent to ${sent.sentTo} less than a minute ago; enter it, or ask for a new one in ${sent.resendAfterSeconds} s.`;
  } catch (err) {
    if (err.code === 'link.not_found') return showUnavailable(err.message);
    $('error').textContent = err.message;
  }
}

/** One zip of `items` (and everything below the folders among them); it counts as one download of the link. */
async function downloadZipOf(items, name) {
  const progress = $('zip-progress');
  $('error').textContent = '';
  progress.hidden = false;
  progress.removeAttribute('value');
  try {
    const { ticket: archiveTicket } = await call('/archive', { ticket });
    const { zipBlob } = await import('./link-zip.js');
    const blob = await zipBlob(items, { call, archiveTicket, fetchObject }, (path) => ($('status').textContent = `Adding ${path}…`));
    $('status').textContent = '';
    save(blob, `${name}.zip`);
    document.body.dataset.state = 'zipped';
  } catch (err) {
    if (err.code === 'link.not_found') showUnavailable(err.message);
    else $('error').textContent = err.message ?? 'The zip could not be made.';
    document.body.dataset.state = 'failed';
  } finally {
    progress.hidden = true;
  }
}

async function open(password, code) {
  if (password !== undefined) pendingPassword = password;
  password = pendingPassword;
  let secret;
  try {
    secret = fromBase64(secretText);
  } catch {
    secret = new Uint8Array(0);
  }
  if (secret.length !== 32) return showUnavailable('The link is incomplete: copy the whole address, including the part after “#”.');
  const { kek, access } = await linkKeys(secret);
  let opened;
  try {
    opened = await call('/open', { access: toBase64Url(access), ...(password ? { password } : {}), ...(code ? { code } : {}) });
  } catch (err) {
    if (err.code === 'delivery.code_required') return askForCode(access);
    if (err.code === 'delivery.code_invalid') {
      $('error').textContent = err.message;
      document.body.dataset.state = 'code';
      return;
    }
    if (err.code === 'delivery.code_expired') {
      $('error').textContent = err.message;
      $('code-sent').textContent = 'Ask for a new code below.';
      document.body.dataset.state = 'code';
      return;
    }
    if (err.code === 'link.password_required' || err.code === 'link.password_invalid') {
      $('title').textContent = 'Password required';
      $('password-form').hidden = false;
      $('error').textContent = err.code === 'link.password_invalid' ? err.message : '';
      document.body.dataset.state = 'password';
      return;
    }
    if (err.code === 'auth.rate_limited' && !$('code-form').hidden) {
      $('error').textContent = err.message;
      return;
    }
    if (err.code === 'auth.rate_limited') return showUnavailable(err.message);
    return showUnavailable(err.message);
  }
  $('password-form').hidden = true;
  $('code-form').hidden = true;
  $('error').textContent = '';
  ticket = opened.ticket;
  allowDownload = opened.allowDownload;
  const root = entry(opened.root);
  const { key, name } = await openLinkRoot(kek, linkId, root);
  $('title').textContent = name;
  if (root.type === 'file') {
    await showFile(undefined, key, name, root.size);
    performance.mark('coffer-ready');
    document.body.dataset.state = 'ready';
  } else await showFolder([{ id: root.id, key, name }]);
}

document.addEventListener('DOMContentLoaded', () => {
  $('password-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void open(new FormData(event.target).get('password'));
  });
  $('code-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void open(undefined, String(new FormData(event.target).get('code') ?? '').trim());
  });
  $('resend-code').addEventListener('click', () => {
    void linkKeys(fromBase64(secretText)).then(({ access }) => askForCode(access));
  });
  open().catch((err) => {
    $('error').textContent = err.message ?? 'The link could not be opened.';
    document.body.dataset.state = 'failed';
  });
});
