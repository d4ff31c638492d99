// The page of a file request: uploads each chosen file with the token from the URL fragment (never sent as part of
// a URL, only in a header of our own requests). The server encrypts on arrival; this page cannot list anything.
const requestId = location.pathname.split('/').pop() ?? '';
const token = location.hash.slice(1);
const $ = (id) => document.getElementById(id);

async function send(file, password) {
  const headers = { 'content-type': 'application/octet-stream', 'x-coffer-request-token': token };
  if (password) headers['x-coffer-request-password'] = btoa(String.fromCharCode(...new TextEncoder().encode(password)));
  const response = await fetch(`/api/v1/public/requests/${encodeURIComponent(requestId)}/files?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers,
    body: file,
  });
  if (response.ok) return;
  const body = await response.json().catch(() => ({}));
  throw Object.assign(new Error(body.error?.message ?? 'The upload failed.'), { code: body.error?.code });
}

document.addEventListener('DOMContentLoaded', () => {
  $('drop-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('error').textContent = '';
    const data = new FormData(event.target);
    const password = data.get('password') || undefined;
    for (const file of data.getAll('files')) {
      try {
        await send(file, password);
        const item = document.createElement('li');
        item.textContent = `Sent: ${file.name}`;
        $('sent').append(item);
      } catch (err) {
        if (err.code === 'link.password_required' || err.code === 'link.password_invalid') $('password-label').hidden = false;
        $('error').textContent = err.message;
        document.body.dataset.state = 'failed';
        return;
      }
    }
    document.body.dataset.state = 'sent';
  });
});
