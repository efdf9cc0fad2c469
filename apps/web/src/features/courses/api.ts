// The course-report screens' server state (TanStack Query over the staff API; types from @puljeflow/contracts).
import type { COURSE_REPORT_STATUSES, CourseReportDetailSchema, CourseReportPageSchema, CourseReportsQuery, PoolDetailSchema } from '@puljeflow/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { useSession } from '../../hooks/useSession';

export type CourseReportPage = z.infer<typeof CourseReportPageSchema>;
export type CourseReportItem = CourseReportPage['items'][number];
export type CourseReport = z.infer<typeof CourseReportDetailSchema>;
export type CourseDecision = CourseReport['decisions'][number];
export type CourseExpense = CourseReport['expenses'][number];
export type CourseClaim = CourseReport['claims'][number];
export type CourseStatus = (typeof COURSE_REPORT_STATUSES)[number];
export type PoolDetail = z.infer<typeof PoolDetailSchema>;

/** The list's filters, as the API takes them (and as the screen keeps them in its URL). */
export type CourseFilters = Pick<CourseReportsQuery, 'municipalityCode' | 'status' | 'reasonCode' | 'targetGroup' | 'startFrom' | 'startTo'>;
export const FILTER_KEYS = ['municipalityCode', 'status', 'reasonCode', 'targetGroup', 'startFrom', 'startTo'] as const satisfies readonly (keyof CourseFilters)[];

/** A live list refetches every 5 s, so a course the municipality reports appears without a reload. */
const REFRESH_MS = 5000;
/** Rows a page asks for; "load more" follows the API's cursor. */
export const PAGE_SIZE = 100;

const seg = encodeURIComponent;
const reportsPath = (poolId: string) => `/api/v1/staff/pools/${seg(poolId)}/course-reports`;
const courseApiPath = (poolId: string, code: string, courseId: string) => `${reportsPath(poolId)}/${seg(code)}/${seg(courseId)}`;

export function courseReportsQuery(filters: CourseFilters, asOf: string | null, after: string | null): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key]);
  if (asOf) params.set('asOf', asOf);
  if (after) params.set('after', after);
  params.set('limit', String(PAGE_SIZE));
  return params.toString();
}

/** The pool's course reports, page by page along the API's cursor (`next` → `after`). */
export function useCourseReports(poolId: string, filters: CourseFilters, asOf: string | null) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: ['course-reports', poolId, filters, asOf],
    queryFn: ({ signal, pageParam }) => api.get<CourseReportPage>(`${reportsPath(poolId)}?${courseReportsQuery(filters, asOf, pageParam)}`, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    refetchInterval: asOf ? false : REFRESH_MS,
  });
}

export function useCourseReport(poolId: string, code: string, courseId: string, asOf: string | null) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['course-report', poolId, code, courseId, asOf],
    queryFn: ({ signal }) => api.get<CourseReport>(`${courseApiPath(poolId, code, courseId)}${asOf ? `?asOf=${seg(asOf)}` : ''}`, signal),
    refetchInterval: asOf ? false : REFRESH_MS,
  });
}

/** The pool's public definition (its target groups, for the filter), as it was at the as-of instant. */
export function usePoolDetail(poolId: string, asOf: string | null) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['pool-detail', poolId, asOf],
    queryFn: ({ signal }) => api.get<PoolDetail>(`/api/v1/pools/${seg(poolId)}${asOf ? `?asOf=${seg(asOf)}` : ''}`, signal),
  });
}
