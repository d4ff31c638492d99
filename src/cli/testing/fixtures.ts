import type { NodeDto, UserDto } from '../../sdk/index.js';

/** Well-formed API shapes for stand-in answers. */
export const testId = (n: number): string => String(n).padStart(26, '0');

export function testNode(overrides: Partial<NodeDto> = {}): NodeDto {
  return {
    id: testId(3),
    parentId: testId(2),
    type: 'file',
    name: 'a.txt',
    size: 5,
    mimeType: 'text/plain',
    createdAt: '2025-01-01T00:00:00.000Z',
    modifiedAt: '2025-01-01T00:00:00.000Z',
    versionId: testId(4),
    versionNumber: 1,
    passphraseProtected: false,
    trashedAt: null,
    damaged: false,
    ...overrides,
  };
}

export function testFolder(overrides: Partial<NodeDto> = {}): NodeDto {
  return testNode({ type: 'folder', size: 0, mimeType: null, versionId: null, versionNumber: null, ...overrides });
}

export const testUser: UserDto = {
  id: testId(1),
  email: 'ada@example.com',
  role: 'admin',
  status: 'active',
  quotaBytes: 0,
  usedBytes: 0,
  rootFolderId: testId(2),
  createdAt: '2025-01-01T00:00:00.000Z',
};
