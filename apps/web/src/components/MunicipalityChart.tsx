import ReactECharts from 'echarts-for-react';
import { useTranslation } from 'react-i18next';
import type { MunicipalityOverview } from '../lib/api';
import { formatOre, toOre } from '../lib/money';

const kroner = (ore: MunicipalityOverview['requestedOre'] | null) => Number(toOre(ore) ?? 0n) / 100;

/** Requested, allocated and committed money per municipality as grouped bars (kroner, da-DK). */
export function MunicipalityChart({ rows }: { rows: MunicipalityOverview[] }) {
  const { t } = useTranslation();
  const series = [
    { name: t('pool.requested'), data: rows.map((r) => kroner(r.requestedOre)), color: '#0059b3' },
    { name: t('pool.allocated'), data: rows.map((r) => kroner(r.allocatedOre)), color: '#358000' },
    { name: t('pool.committed'), data: rows.map((r) => kroner(r.committedOre)), color: '#b35600' },
  ];
  const option = {
    // No animation under automation, so screenshots show the chart drawn.
    animation: typeof navigator === 'undefined' || !navigator.webdriver,
    aria: { enabled: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatOre(BigInt(Math.round(v * 100))) },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 40, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.name) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => new Intl.NumberFormat('da-DK', { notation: 'compact' }).format(v) } },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, itemStyle: { color: s.color } })),
  };
  return (
    <figure className="chart" role="group" aria-label={t('pool.chartLabel')}>
      <ReactECharts option={option} style={{ height: 320 }} opts={{ renderer: 'svg' }} />
    </figure>
  );
}
