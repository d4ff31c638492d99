import { TestClient } from './http-client.js';

/** Raw body upload helpers for the "Shared with me" routes (the TestClient only knows the owner's routes). */
export async function uploadShared(client: TestClient, shareId: string, name: string, data: Uint8Array | string, parentId?: string) {
  const query = new URLSearchParams({ name, ...(parentId ? { parentId } : {}) });
  const response = await fetch(`${client.api}/shared-with-me/${shareId}/files?${query}`, {
    method: 'POST',
    headers: client.headers({ 'content-type': 'application/octet-stream' }),
    body: typeof data === 'string' ? Buffer.from(data) : data,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export async function uploadSharedVersion(client: TestClient, shareId: string, data: Uint8Array | string, fileId?: string) {
  const query = fileId ? `?fileId=${fileId}` : '';
  const response = await fetch(`${client.api}/shared-with-me/${shareId}/versions${query}`, {
    method: 'POST',
    headers: client.headers({ 'content-type': 'application/octet-stream' }),
    body: typeof data === 'string' ? Buffer.from(data) : data,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export async function downloadShared(client: TestClient, shareId: string, fileId?: string) {
  const response = await fetch(`${client.api}/shared-with-me/${shareId}/content${fileId ? `?fileId=${fileId}` : ''}`, { headers: client.headers() });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, bytes, body: response.headers.get('content-type')?.includes('json') ? JSON.parse(bytes.toString('utf8')) : undefined };
}
