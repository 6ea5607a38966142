import type { Capabilities, OperationCapability } from '@polydrive/core';
import { describe, expect, it } from 'vitest';
import { expectCode, type SuiteContext } from '../context.js';
import { collect } from '../fixtures.js';

/**
 * Optional capabilities: each is exercised when declared, and must fail fast with Unsupported
 * when not, so a declaration can never drift from behaviour.
 */
export function optionalScenarios({ drive, p, passthroughProbe }: SuiteContext): void {
  const probe = passthroughProbe ?? { method: 'GET', path: '/' };
  function gated(
    name: string,
    cap: OperationCapability & keyof Capabilities,
    supported: () => Promise<void>,
    call: () => Promise<unknown>,
  ) {
    it(name, async () => {
      if (drive().capabilities[cap]) await supported();
      else await expectCode(call(), 'Unsupported');
    });
  }

  describe('optional capabilities', () => {
    gated(
      'search finds files by name',
      'search',
      async () => {
        await drive().write(p('needle-report.txt'), 'x');
        await drive().write(p('hay.txt'), 'x');
        const found = await collect(drive().search('needle-report', { within: p() }));
        expect(found.map((e) => e.name)).toContain('needle-report.txt');
        expect(found.map((e) => e.name)).not.toContain('hay.txt');
      },
      () => collect(drive().search('x')),
    );

    gated(
      'the change feed reports writes and deletes after a cursor',
      'changes',
      async () => {
        const start = await drive().changes();
        expect(start.cursor).toBeTruthy();
        const file = await drive().write(p('changed.txt'), 'x');
        await drive().delete(p('changed.txt'));
        const ids: string[] = [];
        const types: string[] = [];
        let cursor = start.cursor;
        for (let i = 0; i < 20; i++) {
          const page = await drive().changes(cursor);
          for (const c of page.changes) {
            const id = c.type === 'upsert' ? c.entry.id : c.id;
            if (id === file.id) types.push(c.type);
            ids.push(id);
          }
          cursor = page.cursor;
          if (!page.hasMore) break;
        }
        expect(ids).toContain(file.id);
        expect(types[types.length - 1]).toBe('delete');
      },
      () => drive().changes(),
    );

    gated(
      'about reports the account',
      'about',
      async () => {
        const info = await drive().about();
        expect(info.id).toBeTruthy();
      },
      () => drive().about(),
    );

    gated(
      'permissions can be added, listed and removed',
      'permissions',
      async () => {
        await drive().write(p('shared.txt'), 'x');
        const granted = await drive().share(p('shared.txt'), {
          type: 'user',
          role: 'reader',
          email: 'reader@example.com',
        });
        expect(granted.role).toBe('reader');
        const listed = await drive().permissions(p('shared.txt'));
        expect(listed.map((x) => x.id)).toContain(granted.id);
        await drive().unshare(p('shared.txt'), granted.id);
        expect((await drive().permissions(p('shared.txt'))).map((x) => x.id)).not.toContain(
          granted.id,
        );
      },
      () => drive().permissions(p()),
    );

    gated(
      'share links can be created, listed and revoked',
      'shareLinks',
      async () => {
        await drive().write(p('link.txt'), 'x');
        const link = await drive().createShareLink(p('link.txt'), {
          role: 'reader',
          scope: 'anyone',
        });
        expect(link.url).toMatch(/^[a-z]+:\/\//);
        expect((await drive().shareLinks(p('link.txt'))).map((l) => l.id)).toContain(link.id);
        await drive().revokeShareLink(p('link.txt'), link.id);
        expect((await drive().shareLinks(p('link.txt'))).map((l) => l.id)).not.toContain(link.id);
      },
      () => drive().shareLinks(p()),
    );

    gated(
      'passthrough sends an authenticated raw request',
      'passthrough',
      async () => {
        const res = await drive().passthrough(probe);
        expect(res.status).toBeLessThan(500);
      },
      () => drive().passthrough(probe),
    );

    it('refuses a conflict policy the provider cannot honour', async () => {
      const all = ['fail', 'replace', 'rename'] as const;
      const missing = all.filter((c) => !drive().capabilities.conflictPolicies.includes(c));
      for (const conflict of missing)
        await expectCode(drive().write(p('c.txt'), 'x', { conflict }), 'Unsupported');
      await expectCode(
        drive().write(p('c.txt'), 'x', { conflict: 'bogus' as 'fail' }),
        'InvalidArgument',
      );
    });
  });
}
