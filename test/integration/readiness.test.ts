/** `/readyz`: ready when the upstream answers and the service account signs in; 503 once shutdown begins. */
import fetch from 'node-fetch';
import { startHarness } from '../support/harness';

const readiness = async (endpoint: string) => {
  const response = await fetch(endpoint.replace('/graphql', '/readyz'));
  return { status: response.status, body: (await response.json()) as { ready: boolean; checks: Record<string, string> } };
};

it('is ready with a reachable upstream and a signed-in service account, and turns 503 when shutdown begins', async () => {
  const harness = await startHarness({
    gateway: { serviceAccount: { email: 'jane.smith@example.com', password: 'password' }, allowAnonymous: true },
  });
  try {
    expect(await readiness(harness.endpoint)).toEqual({
      status: 200,
      body: { ready: true, status: 'ready', checks: { upstream: 'ok', serviceAccount: 'ok', redis: 'not configured' } },
    });
    harness.gateway.beginShutdown();
    expect(await readiness(harness.endpoint)).toMatchObject({ status: 503, body: { ready: false } });
  } finally {
    await harness.stop();
  }
});

it('is not ready while the upstream cannot be reached, and ready again once it can', async () => {
  const harness = await startHarness();
  try {
    harness.simulator.setConditions({ down: true });
    expect(await readiness(harness.endpoint)).toEqual({
      status: 503,
      body: {
        ready: false,
        status: 'unavailable',
        checks: { upstream: 'unreachable', serviceAccount: 'not configured', redis: 'not configured' },
      },
    });
    harness.simulator.setConditions({});
    expect(await readiness(harness.endpoint)).toMatchObject({ status: 200, body: { ready: true } });
  } finally {
    await harness.stop();
  }
});

it('is not ready when the service account cannot sign in', async () => {
  const harness = await startHarness({
    gateway: { serviceAccount: { email: 'jane.smith@example.com', password: 'wrong' }, allowAnonymous: true },
  });
  try {
    expect(await readiness(harness.endpoint)).toMatchObject({ status: 503, body: { checks: { serviceAccount: 'cannot sign in' } } });
  } finally {
    await harness.stop();
  }
});
