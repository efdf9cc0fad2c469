import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { BalancePage } from './components/BalancePage';
import { ErasurePage } from './components/ErasurePage';
import { LoginScreen } from './components/LoginScreen';
import { NotFound } from './components/NotFound';
import { PoolListPage } from './components/PoolListPage';
import { PoolPage } from './components/PoolPage';
import { ApiKeysPage } from './features/keys/ApiKeysPage';
import { AuditPage } from './features/audit/AuditPage';
import { CommitmentPage } from './features/commitments/CommitmentPage';
import { MarketingPage } from './features/marketing/MarketingPage';
import { UsersPage } from './features/users/UsersPage';
import { LedgerPage } from './features/ledger/LedgerPage';
import { PayoutRunPage } from './features/payouts/PayoutRunPage';
import { PayoutRunsPage } from './features/payouts/PayoutRunsPage';
import { SettlementsPage } from './features/settlements/SettlementsPage';
import { ClaimPage } from './features/claims/ClaimPage';
import { ClaimsQueuePage } from './features/claims/ClaimsQueuePage';
import { CourseReportPage } from './features/courses/CourseReportPage';
import { CourseReportsPage } from './features/courses/CourseReportsPage';
import { SessionContext } from './hooks/useSession';
import { createApiClient, type StaffSession } from './lib/api';
import { clearSession, loadSession, saveSession } from './lib/session';

/** The screens, each at its own URL; signing in keeps the URL asked for. */
export function App() {
  const { t } = useTranslation();
  const [session, setSession] = useState<StaffSession | null>(() => loadSession(window.sessionStorage));
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback((reason: string | null) => {
    clearSession(window.sessionStorage);
    setSession(null);
    setNotice(reason);
  }, []);

  const signIn = useCallback((next: StaffSession) => {
    saveSession(window.sessionStorage, next);
    setSession(next);
    setNotice(null);
  }, []);

  const token = session?.token ?? null;
  const api = useMemo(() => createApiClient({ token, onUnauthorized: () => signOut(t('app.sessionEnded')) }), [token, signOut, t]);
  const context = useMemo(() => (session ? { api, user: session.user } : null), [api, session]);

  if (!context) return <LoginScreen api={api} notice={notice} onSignedIn={signIn} />;

  return (
    <SessionContext.Provider value={context}>
      <Routes>
        <Route
          element={
            <AppLayout
              onSignOut={() => {
                void api.signOut();
                signOut(null);
              }}
            />
          }
        >
          <Route index element={<Navigate to="/puljer" replace />} />
          <Route path="puljer" element={<PoolListPage />} />
          <Route path="puljer/:poolId" element={<PoolPage />} />
          <Route path="puljer/:poolId/udbetalinger" element={<PayoutRunsPage />} />
          <Route path="puljer/:poolId/udbetalinger/:runDate" element={<PayoutRunPage />} />
          <Route path="puljer/:poolId/kommuner/:code" element={<LedgerPage />} />
          <Route path="puljer/:poolId/afregning" element={<SettlementsPage />} />
          <Route path="arbejdsmarkedsbalance" element={<BalancePage />} />
          <Route path="sletning" element={<ErasurePage />} />
          <Route path="puljer/:poolId/tilsagn/:code" element={<CommitmentPage />} />
          <Route path="puljer/:poolId/markedsfoering" element={<MarketingPage />} />
          <Route path="administration/noegler" element={<ApiKeysPage />} />
          <Route path="administration/brugere" element={<UsersPage />} />
          <Route path="revisionsspor" element={<AuditPage />} />
          <Route path="puljer/:poolId/forloeb" element={<CourseReportsPage />} />
          <Route path="puljer/:poolId/forloeb/:municipalityCode/:courseId" element={<CourseReportPage />} />
          <Route path="refusionskrav" element={<ClaimsQueuePage />} />
          <Route path="puljer/:poolId/refusionskrav/:municipalityCode/:claimId" element={<ClaimPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </SessionContext.Provider>
  );
}
