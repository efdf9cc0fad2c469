// The 13 target groups (målgrupper) of LAB § 6, in force from 1 Jan 2020 (docs/domain.md "Target groups").

import { z } from 'zod';

export const TARGET_GROUPS = [
  { code: 'dagpenge', paragraph6: 1, danish: 'dagpengemodtagere' },
  { code: 'kontanthjaelp-jobparat', paragraph6: 2, danish: 'jobparate kontanthjælpsmodtagere' },
  { code: 'kontanthjaelp-aktivitetsparat', paragraph6: 3, danish: 'aktivitetsparate kontanthjælpsmodtagere' },
  {
    code: 'uddannelseshjaelp-uddannelsesparat',
    paragraph6: 4,
    danish: 'uddannelsesparate uddannelseshjælpsmodtagere',
  },
  { code: 'uddannelseshjaelp-aktivitetsparat', paragraph6: 5, danish: 'aktivitetsparate uddannelseshjælpsmodtagere' },
  { code: 'sygedagpenge', paragraph6: 6, danish: 'sygedagpengemodtagere' },
  { code: 'jobafklaring', paragraph6: 7, danish: 'personer i jobafklaringsforløb' },
  { code: 'ressourceforloeb', paragraph6: 8, danish: 'personer i ressourceforløb' },
  { code: 'fleksjob', paragraph6: 9, danish: 'fleksjobvisiterede (inkl. ledighedsydelse)' },
  { code: 'revalidering', paragraph6: 10, danish: 'revalidender' },
  { code: 'foertidspension', paragraph6: 11, danish: 'førtidspensionister' },
  { code: 'selvforsoergende', paragraph6: 12, danish: 'selvforsørgende ledige' },
  { code: 'unge-under-18', paragraph6: 13, danish: 'unge under 18 år' },
] as const;

export type TargetGroupCode = (typeof TARGET_GROUPS)[number]['code'];

export const TARGET_GROUP_CODES = TARGET_GROUPS.map((group) => group.code) as [TargetGroupCode, ...TargetGroupCode[]];

export const TargetGroupCodeSchema = z.enum(TARGET_GROUP_CODES);

export const isTargetGroupCode = (value: string): value is TargetGroupCode =>
  (TARGET_GROUP_CODES as readonly string[]).includes(value);
