import ReactECharts from 'echarts-for-react';
import { useTranslation } from 'react-i18next';
import type { LedgerSummary } from '../lib/api';
import { formatOre } from '../lib/money';

type Month = LedgerSummary['byMonth'][number];

const kroner = (ore: number) => ore / 100;
/** No animation under automation, so screenshots show the chart drawn. */
const animate = typeof navigator === 'undefined' || !navigator.webdriver;
const monthFormat = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', month: 'short', year: 'numeric' });
const monthLabel = (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`));

/** Committed, claimed, approved and paid money as it stood at the end of each month, as lines (kroner, da-DK). */
export function MoneyOverTimeChart({ months }: { months: Month[] }) {
  const { t } = useTranslation();
  const series = [
    { name: t('moneyChart.committed'), pick: (m: Month) => m.committedOre, color: '#b35600' },
    { name: t('moneyChart.claimed'), pick: (m: Month) => m.claimedOre, color: '#0059b3' },
    { name: t('moneyChart.approved'), pick: (m: Month) => m.approvedOre, color: '#6a1b9a' },
    { name: t('moneyChart.paid'), pick: (m: Month) => m.paidOre, color: '#358000' },
  ];
  const option = {
    animation: animate,
    aria: { enabled: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatOre(BigInt(Math.round(v * 100))) },
    legend: { top: 0 },
    grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
    xAxis: { type: 'category', data: months.map((m) => monthLabel(m.month)) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => new Intl.NumberFormat('da-DK', { notation: 'compact' }).format(v) } },
    // One month is a bar per figure; from two on, a line per figure.
    series: series.map((s) => ({ type: months.length > 1 ? 'line' : 'bar', name: s.name, data: months.map((m) => kroner(s.pick(m))), itemStyle: { color: s.color }, lineStyle: { color: s.color }, symbolSize: 8 })),
  };
  return (
    <figure className="chart" role="group" aria-label={t('moneyChart.label')}>
      <ReactECharts option={option} style={{ height: 320 }} opts={{ renderer: 'svg' }} />
      {/* The figures as a table for screen readers (a table cannot itself be visually hidden: it keeps its width). */}
      <div className="sr-only">
        <table className="table table--compact" data-testid="money-by-month">
          <caption>{t('moneyChart.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('moneyChart.month')}</th>
              {series.map((s) => (
                <th scope="col" key={s.name}>
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month} data-month={m.month}>
                <th scope="row">{monthLabel(m.month)}</th>
                {series.map((s) => (
                  <td key={s.name} className="num">
                    {formatOre(s.pick(m))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
