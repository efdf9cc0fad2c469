interface Tx {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

type Row = Record<string, unknown>;

/**
 * Replaces the current version of a row of a versioned table (`valid_from`, `valid_to`): the current one is closed at
 * `at` and a new one, `change(current)`, opens there. Without a current row `change` gets undefined; returning
 * undefined leaves the table as it was. Two statements per change, and a row as of any instant stays one index probe.
 */
export async function revise(tx: Tx, table: string, key: Row, at: Date, change: (current: Row | undefined) => Row | undefined): Promise<void> {
  const keys = Object.keys(key);
  const where = keys.map((k, i) => `${k} = $${i + 2}`).join(' AND ');
  const closed = (await tx.query(`UPDATE ${table} SET valid_to = $1 WHERE ${where} AND valid_to IS NULL RETURNING *`, [at, ...keys.map((k) => key[k])])) as { rows: Row[] };
  const current = closed.rows[0];
  const next = change(current && strip(current));
  if (!next) {
    if (current) await tx.query(`UPDATE ${table} SET valid_to = NULL WHERE id = $1`, [current['id']]);
    return;
  }
  const row: Row = { ...next, ...key, valid_from: at, valid_to: null };
  const columns = Object.keys(row);
  await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, columns.map((c) => (JSONB_COLUMNS.has(c) ? JSON.stringify(row[c]) : row[c])));
}

function strip(row: Row): Row {
  const { id: _id, valid_from: _from, valid_to: _to, ...rest } = row;
  return rest;
}

/** The jsonb columns of the versioned tables: pg would send a JS array as a PostgreSQL array. */
const JSONB_COLUMNS = new Set(['decisions', 'expenses', 'cuts']);
