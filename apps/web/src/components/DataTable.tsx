import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadCsv, toDanishCsv, type CsvCell } from '../lib/csv';

export interface Column<T> {
  id: string;
  header: string;
  /** The value sorted, filtered and exported. */
  value: (row: T) => string | number;
  /** What the cell shows; the value when absent. */
  cell?: (row: T) => ReactNode;
  /** The CSV cell (da-DK numbers and dates); the value when absent. */
  csv?: (row: T) => CsvCell;
  numeric?: boolean;
  /** The row's header cell (`<th scope="row">`). */
  rowHeader?: boolean;
  sortable?: boolean;
}

interface Props<T> {
  caption: string;
  rows: T[];
  columns: Column<T>[];
  rowId: (row: T) => string;
  /** The download's file name, without ".csv"; no export button when absent. */
  csvName?: string;
  pageSize?: number;
  /** An extra last row (totals). */
  footer?: ReactNode;
  /** The text filter, when the screen keeps it (in its URL); the table keeps its own when absent. */
  filter?: string;
  onFilterChange?: (value: string) => void;
}

/** A table with sorting, a text filter, paging and a CSV export of what the filter leaves (every page). */
export function DataTable<T>({ caption, rows, columns, rowId, csvName, pageSize = 25, footer, filter, onFilterChange }: Props<T>) {
  const { t } = useTranslation();
  const filterId = useId();
  const [sorting, setSorting] = useState<SortingState>([]);
  const [ownFilter, setOwnFilter] = useState('');
  const globalFilter = filter ?? ownFilter;
  const setGlobalFilter = onFilterChange ?? setOwnFilter;
  const defs: ColumnDef<T>[] = columns.map((c) => ({
    id: c.id,
    header: c.header,
    accessorFn: c.value,
    enableSorting: c.sortable !== false,
    sortingFn: c.numeric ? 'basic' : 'alphanumeric',
  }));
  const table = useReactTable({
    data: rows,
    columns: defs,
    state: { sorting, globalFilter },
    onSortingChange: setSorting,
    onGlobalFilterChange: (next: unknown) => setGlobalFilter(String(typeof next === 'function' ? (next as (prev: string) => unknown)(globalFilter) : (next ?? ''))),
    getRowId: rowId,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    globalFilterFn: 'includesString',
    initialState: { pagination: { pageIndex: 0, pageSize } },
  });
  const byId = new Map(columns.map((c) => [c.id, c]));

  function exportCsv() {
    const exported = table.getSortedRowModel().rows.map((r) => columns.map((c) => (c.csv ? c.csv(r.original) : c.value(r.original))));
    downloadCsv(`${csvName}.csv`, toDanishCsv(columns.map((c) => c.header), exported));
  }

  const pages = Math.max(1, table.getPageCount());
  return (
    <div className="data-table">
      <div className="data-table__tools">
        <div className="form-group">
          <label className="form-label" htmlFor={filterId}>
            {t('table.filter')}
          </label>
          <input id={filterId} className="form-input" type="search" value={globalFilter} placeholder={t('table.filterPlaceholder')} onChange={(e) => setGlobalFilter(e.target.value)} />
        </div>
        {csvName && (
          <button type="button" className="button button-secondary" onClick={exportCsv}>
            {t('table.exportCsv')}
          </button>
        )}
      </div>
      <div className="table--responsive-scroll">
        <table className="table table--zebra">
          <caption>{caption}</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const column = byId.get(header.column.id);
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={column?.numeric ? 'num' : undefined}
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                    >
                      {header.column.getCanSort() ? (
                        <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ' ↕'}</span>
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.length === 0 && (
              <tr>
                <td colSpan={columns.length}>{t('table.empty')}</td>
              </tr>
            )}
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {columns.map((c) => {
                  const content = c.cell ? c.cell(row.original) : c.value(row.original);
                  const className = c.numeric ? 'num' : undefined;
                  return c.rowHeader ? (
                    <th key={c.id} scope="row" className={className}>
                      {content}
                    </th>
                  ) : (
                    <td key={c.id} className={className}>
                      {content}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          {footer && <tfoot>{footer}</tfoot>}
        </table>
      </div>
      <nav className="table-pagination" aria-label={caption}>
        <button type="button" className="button button-tertiary" disabled={!table.getCanPreviousPage()} onClick={() => table.previousPage()}>
          {t('table.previous')}
        </button>
        <span>{t('table.page', { page: table.getState().pagination.pageIndex + 1, pages })}</span>
        <span className="muted">{t('table.rows', { count: table.getFilteredRowModel().rows.length })}</span>
        <button type="button" className="button button-tertiary" disabled={!table.getCanNextPage()} onClick={() => table.nextPage()}>
          {t('table.next')}
        </button>
      </nav>
    </div>
  );
}
