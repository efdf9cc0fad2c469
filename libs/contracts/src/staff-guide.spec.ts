// docs/staff-api.md lists every staff route of the OpenAPI document. To bring it up to date after adding a route:
//   node -r @swc-node/register scripts/staff-guide.ts
import fs from 'node:fs';
import path from 'node:path';
import { apiRoutes } from './api-routes';
import { staffRouteTable, withStaffRouteTable } from './staff-guide';

const guidePath = path.resolve(__dirname, '../../../docs/staff-api.md');

describe('the staff guide', () => {
  it('lists every staff route of the document, as the route list has it', () => {
    const guide = fs.readFileSync(guidePath, 'utf8');
    expect(guide).toEqual(withStaffRouteTable(guide));
  });

  it('has one row per staff route, with its roles', () => {
    const staff = apiRoutes.filter((r) => r.path.startsWith('/api/v1/staff/'));
    const table = staffRouteTable();
    expect(table.split('\n')).toHaveLength(staff.length + 2);
    const approve = staff.find((r) => r.path.endsWith('/commitments/{municipalityCode}/approve'));
    expect(table).toContain(`| \`POST ${approve?.path}\` | \`approver\` |`);
  });
});
