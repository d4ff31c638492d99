// The one-time setup token travels in the URL fragment, which browsers never send to the server or in Referer.
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
history.replaceState(null, '', location.pathname);

document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('setup-form');
  const error = document.getElementById('setup-error');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const data = new FormData(form);
    if (data.get('password') !== data.get('confirm')) {
      error.textContent = 'The two passwords are not the same.';
      return;
    }
    try {
      const response = await fetch('/api/v1/setup', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, email: data.get('email'), password: data.get('password') }),
      });
      const body = await response.json();
      if (!response.ok) {
        error.textContent = body.error?.message ?? 'Setup failed.';
        return;
      }
      form.hidden = true;
      document.getElementById('recovery-key').textContent = body.recoveryKey;
      const link = document.getElementById('download-key');
      link.href = URL.createObjectURL(new Blob([`Coffer recovery key for ${body.user.email}\n${body.recoveryKey}\n`], { type: 'text/plain' }));
      document.getElementById('copy-key').addEventListener('click', () => navigator.clipboard.writeText(body.recoveryKey));
      document.getElementById('setup-done').hidden = false;
    } catch {
      error.textContent = 'The server could not be reached.';
    }
  });
});
