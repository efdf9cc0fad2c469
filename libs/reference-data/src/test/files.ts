/** A balance file of the given data rows, with a source line and the header row. */
export const balanceFile = (rows: string[], source = 'STAR, Arbejdsmarkedsbalancen (test)'): string =>
  [`# source: ${source}`, 'half_year,rar_area,job_title,disco_08,status', ...rows].join('\n') + '\n';
