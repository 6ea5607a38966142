import { describe, expect, it } from 'vitest';
import { childPath, driveBasePath, encodeItemPath, itemPath } from '../src/graph/item-urls.js';

describe('Graph item addressing', () => {
  it('selects the drive: my drive, a drive id, a SharePoint site', () => {
    expect(driveBasePath({})).toBe('/me/drive');
    expect(driveBasePath({ driveId: 'b!abc/def' })).toBe('/drives/b!abc%2Fdef');
    expect(driveBasePath({ siteId: 'contoso.sharepoint.com,1234,5678' })).toBe(
      '/sites/contoso.sharepoint.com,1234,5678/drive',
    );
    expect(() => driveBasePath({ driveId: 'a', siteId: 'b' })).toThrow(/Both driveId and siteId/);
  });

  it('encodes every path segment, so # ? % and spaces survive', () => {
    expect(encodeItemPath('/a b/c#.txt')).toBe('/a%20b/c%23.txt');
    expect(encodeItemPath('/100%/what?')).toBe('/100%25/what%3F');
    expect(itemPath('/me/drive', { path: '/a b/c#.txt' })).toBe('/me/drive/root:/a%20b/c%23.txt:');
    expect(itemPath('/me/drive', { path: '/a b' }, 'children')).toBe(
      '/me/drive/root:/a%20b:/children',
    );
  });

  it('addresses the root and items by id', () => {
    expect(itemPath('/me/drive', { path: '/' })).toBe('/me/drive/root');
    expect(itemPath('/me/drive', { path: '/' }, 'children')).toBe('/me/drive/root/children');
    expect(itemPath('/drives/d1', { id: 'D4648F06C91D9D3D!54927' }, 'content')).toBe(
      '/drives/d1/items/D4648F06C91D9D3D!54927/content',
    );
  });

  it('addresses a child by name under a path, the root, or an id', () => {
    expect(childPath('/me/drive', { path: '/' }, 'n#1.txt', 'content')).toBe(
      '/me/drive/root:/n%231.txt:/content',
    );
    expect(childPath('/me/drive', { path: '/a b' }, 'x.txt', 'createUploadSession')).toBe(
      '/me/drive/root:/a%20b/x.txt:/createUploadSession',
    );
    expect(childPath('/me/drive', { id: 'P1' }, 'x y.txt', 'content')).toBe(
      '/me/drive/items/P1:/x%20y.txt:/content',
    );
  });
});
