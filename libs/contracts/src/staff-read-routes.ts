import { PoolPathSchema } from './responses';
import { API_TAGS, json, staffDescription, staffErrors, type ApiRoute } from './route-kit';
import type { StaffRole } from './staff';
import {
  AuditPageSchema,
  AuditQuerySchema,
  ClaimsQueuePageSchema,
  ClaimsQueueQuerySchema,
  CourseReportDetailSchema,
  CourseReportPageSchema,
  CourseReportsQuerySchema,
  LedgerSummarySchema,
  SettlementsQuerySchema,
  SettlementsSchema,
  StaffCoursePathSchema,
} from './staff-reads';
import { AsOfQuerySchema } from './responses';

/** Every staff role reads; the auditor reads everything. */
export const STAFF_READERS: readonly StaffRole[] = ['caseworker', 'approver', 'finance', 'auditor', 'admin'];

const read = (route: Omit<ApiRoute, 'method' | 'tags' | 'security' | 'roles'>): ApiRoute => ({
  ...route,
  method: 'get',
  tags: [API_TAGS.staffPools],
  security: 'staffSession',
  roles: STAFF_READERS,
  description: staffDescription(route.description ?? '', STAFF_READERS),
});

/** Staff reads served from read models: course reports, the claims queue, ledgers, payout runs, settlements, the audit trail. */
export const staffReadRoutes: readonly ApiRoute[] = [
  read({
    operationId: 'listCourseReports',
    path: '/api/v1/staff/pools/{poolId}/course-reports',
    summary: "A pool's course reports, filtered and paged",
    description: 'Oldest report first; filters combine. `?asOf=` reads the reports as they stood then.',
    params: PoolPathSchema,
    query: CourseReportsQuerySchema,
    responses: { 200: json(CourseReportPageSchema, 'A page of course reports.'), ...staffErrors(404) },
  }),
  read({
    operationId: 'getCourseReport',
    path: '/api/v1/staff/pools/{poolId}/course-reports/{municipalityCode}/{courseId}',
    summary: 'One course: every decision with the versions it was made on, its expenses and the claims that covered them',
    params: StaffCoursePathSchema,
    query: AsOfQuerySchema,
    responses: { 200: json(CourseReportDetailSchema, 'The course.'), ...staffErrors(404) },
  }),
  read({
    operationId: 'listClaimsQueue',
    path: '/api/v1/staff/claims',
    summary: 'Claims awaiting review or approval, across municipalities',
    description: 'With the computed refund, the cap that applied and what the reviewer cut and why. Oldest claim first.',
    query: ClaimsQueueQuerySchema,
    responses: { 200: json(ClaimsQueuePageSchema, 'A page of claims.'), ...staffErrors() },
  }),
  read({
    operationId: 'getLedgerSummary',
    path: '/api/v1/staff/pools/{poolId}/ledger-summary',
    summary: "The pool's money: committed, claimed, approved, paid, repaid, lapsed, per budget year and per municipality",
    params: PoolPathSchema,
    query: AsOfQuerySchema,
    responses: { 200: json(LedgerSummarySchema, 'The summary.'), ...staffErrors(404) },
  }),
  read({
    operationId: 'listSettlements',
    path: '/api/v1/staff/pools/{poolId}/settlements',
    summary: "Each budget year's settlement per municipality and its repayment demand's state",
    params: PoolPathSchema,
    query: SettlementsQuerySchema,
    responses: { 200: json(SettlementsSchema, 'The settlements.'), ...staffErrors(404) },
  }),
  read({
    operationId: 'listAuditTrail',
    path: '/api/v1/staff/audit',
    summary: 'Every staff decision: who, when, what, under which rule-set version',
    description: 'Filter by pool, municipality, person and kind; oldest first. Nothing but staff decisions.',
    query: AuditQuerySchema,
    responses: { 200: json(AuditPageSchema, 'A page of decisions.'), ...staffErrors() },
  }),
];
