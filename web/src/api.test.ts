import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from './api';

/** Calls `run` with fetch stubbed to answer 200 with `{}`, and gives back what was sent. */
async function sent(run: () => Promise<unknown>): Promise<{ url: string; method: string; headers: Record<string, string>; body: unknown }> {
  const fetch = vi.fn(async () => new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } }));
  vi.stubGlobal('fetch', fetch);
  await run();
  const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
  return { url, method: init.method ?? '', headers: init.headers as Record<string, string>, body: JSON.parse(String(init.body)) };
}

describe('case transitions', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('send a closure with its reason, referral and outcome', async () => {
    const r = await sent(() => api.transition('c1', 'closure', 'Back with her family', 4, true, 'reintegrated_family'));
    expect(r.url).toBe('/api/v1/cases/c1/transitions');
    expect(r.method).toBe('POST');
    expect(r.headers['If-Match']).toBe('"4"');
    expect(r.body).toEqual({ to: 'closure', reason: 'Back with her family', referred: true, outcome: 'reintegrated_family' });
  });

  it('leave out what was not given', async () => {
    expect((await sent(() => api.transition('c1', 'closure', 'Moved away', 4))).body).toEqual({ to: 'closure', reason: 'Moved away' });
    expect((await sent(() => api.transition('c1', 'intake', '', 4, false, ''))).body).toEqual({ to: 'intake' });
  });
});
