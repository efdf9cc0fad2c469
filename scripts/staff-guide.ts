// Rewrites the route table of docs/staff-api.md from the route list (libs/contracts); its spec fails until this ran.
import fs from 'node:fs';
import path from 'node:path';
import { withStaffRouteTable } from '../libs/contracts/src/staff-guide';

const guide = path.resolve(__dirname, '../docs/staff-api.md');
fs.writeFileSync(guide, withStaffRouteTable(fs.readFileSync(guide, 'utf8')));
console.log(`updated ${path.relative(process.cwd(), guide)}`);
