import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import { ApiError, createApiClient } from '../lib/api';
import { AppHeader } from './AppHeader';
import { ErrorBanner } from './ErrorBanner';
import { LoginScreen } from './LoginScreen';
import { PoolFacts } from './PoolFacts';

describe('PoolFacts', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2019-11-29T10:55:01Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  const pool = {
    poolId: 'mangelpulje-2019',
    name: 'Mangelpuljen 2019',
    status: 'open',
    commitmentsOre: 1250000000,
    interestDeadline: '2019-11-29T11:00:00Z',
  };

  it('shows the money in kroner and the deadline in Copenhagen time with its countdown', () => {
    const html = renderToStaticMarkup(<PoolFacts pool={pool} />);
    expect(html).toContain('12.500.000,00 kr.');
    expect(html).toContain('<time dateTime="2019-11-29T11:00:00Z" class="countdown__when">29 Nov 2019, 12:00 CET</time>');
    expect(html).toContain('role="timer"');
    expect(html).toContain('00:04:59 left');
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain('lang="da"');
  });

  it('shows the allocation once it is made', () => {
    const html = renderToStaticMarkup(<PoolFacts pool={{ ...pool, allocatedAt: '2019-11-29T11:00:01Z' }} />);
    expect(html).toContain('Allocated 29 Nov 2019, 12:00:01 CET');
  });
});

describe('AppHeader', () => {
  it('names the signed-in user and their roles, and offers sign-out', () => {
    const html = renderToStaticMarkup(
      <AppHeader
        user={{ username: 'anders', displayName: 'Anders Godkender', roles: ['approver', 'auditor'] }}
        onSignOut={() => {}}
      />,
    );
    expect(html).toContain('Anders Godkender');
    expect(html).toContain('<ul class="roles" aria-label="Your roles"><li class="role">Approver</li><li class="role">Auditor</li></ul>');
    expect(html).toContain('Sign out');
  });
});

describe('LoginScreen', () => {
  it('labels both fields', () => {
    const html = renderToStaticMarkup(<LoginScreen api={createApiClient()} notice={null} onSignedIn={() => {}} />);
    expect(html).toContain('<label for="username">Username</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toMatch(/autocomplete="current-password"/i);
  });
});

describe('ErrorBanner', () => {
  it('shows the problem title and detail as an alert', () => {
    const error = new ApiError({ status: 403, title: 'Forbidden', detail: 'A second person must approve.' });
    const html = renderToStaticMarkup(<ErrorBanner error={error} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('Forbidden');
    expect(html).toContain('A second person must approve.');
  });
});
