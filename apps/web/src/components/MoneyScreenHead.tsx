import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatInstant } from '../lib/time';
import { LiveStatus } from './LiveStatus';

interface Props {
  id: string;
  title: ReactNode;
  /** Where "back" leads, and what it says. */
  back: { to: string; label: string };
  /** The instant the figures are as of (the API's `asOf`, or now when the answer has none). */
  asOf: string | null;
  query: { dataUpdatedAt: number; isFetching: boolean; isError: boolean; data: unknown };
}

/** A money screen's heading: back link, title, the instant its figures are as of, and whether they are live. */
export function MoneyScreenHead({ id, title, back, asOf, query }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <p className="breadcrumbs">
        <Link to={back.to}>{back.label}</Link>
      </p>
      <div className="page-head">
        <h1 id={id}>{title}</h1>
        <LiveStatus updatedAt={query.dataUpdatedAt} fetching={query.isFetching} stale={query.isError && query.data !== undefined} />
      </div>
      {asOf && (
        <p className="muted" data-testid="figures-as-of">
          {t('money.asOf', { time: formatInstant(asOf) })}
        </p>
      )}
    </>
  );
}
