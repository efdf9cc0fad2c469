import { z } from 'zod';
import { SubmitTypedEventsRequestSchema } from './municipal-events';

/** A JSON Schema node as zod's `toJSONSchema` writes it (the parts that bound a value's size). */
interface Node {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  maxLength?: number;
  maxItems?: number;
  format?: string;
  properties?: Record<string, Node>;
  additionalProperties?: boolean | Node;
  items?: Node;
  anyOf?: Node[];
  oneOf?: Node[];
  allOf?: Node[];
}

/**
 * Lengths the contract leaves to a standard rather than a `max`: an e-mail address (RFC 5321: 254 characters) and an
 * instant (RFC 3339 with nanoseconds and an offset: `2020-03-02T09:15:00.123456789+01:00`).
 */
const STANDARD_MAX_LENGTH: Record<string, number> = { email: 254, 'date-time': 35, date: 10, uuid: 36 };
/** Any JSON number a schema of ours admits, written out in full (`-9.007199254740991e+15` and shorter). */
const NUMBER_BYTES = 24;
/** Every character of a string may be sent as a `\uXXXX` escape (6 bytes; a UTF-16 unit is never more). */
const BYTES_PER_CHARACTER = 6;
/** Pretty-printed JSON puts each member on its own line: a newline and this many spaces per level. */
const INDENT = 2;

export class UnboundedSchemaError extends Error {}

/**
 * The most bytes a JSON text that the schema accepts can take: every string at its longest with every character
 * escaped, every optional member present, every array full, pretty-printed two spaces a level. Throws if a part of the
 * schema has no bound (a string without a length, an array without a maximum, an open object), so a new field
 * without a limit is caught where the body limit is computed.
 */
export function maxJsonBytes(schema: z.ZodType): number {
  return nodeBytes(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Node, 0, '$');
}

function nodeBytes(node: Node, depth: number, path: string): number {
  const branches = node.anyOf ?? node.oneOf;
  if (branches) return Math.max(...branches.map((b, i) => nodeBytes(b, depth, `${path}|${i}`)));
  if (node.allOf) return Math.min(...node.allOf.map((b, i) => nodeBytes(b, depth, `${path}&${i}`)));
  if (node.const !== undefined) return literalBytes(node.const);
  if (node.enum) return Math.max(...node.enum.map(literalBytes));
  const types = Array.isArray(node.type) ? node.type : [node.type];
  return Math.max(...types.map((type) => typedBytes(node, type, depth, path)));
}

function typedBytes(node: Node, type: string | undefined, depth: number, path: string): number {
  switch (type) {
    case 'string': {
      const length = node.maxLength ?? (node.format ? STANDARD_MAX_LENGTH[node.format] : undefined);
      if (length === undefined) throw new UnboundedSchemaError(`${path}: a string without a maximum length`);
      return 2 + BYTES_PER_CHARACTER * length;
    }
    case 'integer':
    case 'number':
      return NUMBER_BYTES;
    case 'boolean':
      return 5;
    case 'null':
      return 4;
    case 'array': {
      if (node.maxItems === undefined || !node.items) throw new UnboundedSchemaError(`${path}: an array without a maximum number of items`);
      return members(node.maxItems * nodeBytes(node.items, depth + 1, `${path}[]`), node.maxItems, depth);
    }
    case 'object': {
      if (node.additionalProperties !== false) throw new UnboundedSchemaError(`${path}: an object open to any member`);
      const entries = Object.entries(node.properties ?? {});
      const inner = entries.reduce((sum, [key, value]) => sum + literalBytes(key) + 2 + nodeBytes(value, depth + 1, `${path}.${key}`), 0);
      return members(inner, entries.length, depth);
    }
    default:
      throw new UnboundedSchemaError(`${path}: a value of no declared type`);
  }
}

/** Brackets around `count` members of `bytes` in all: commas between, each on its own indented line. */
function members(bytes: number, count: number, depth: number): number {
  return 2 + bytes + Math.max(0, count - 1) + count * (1 + INDENT * (depth + 1)) + 1 + INDENT * depth;
}

function literalBytes(value: unknown): number {
  return typeof value === 'string' ? 2 + BYTES_PER_CHARACTER * value.length : JSON.stringify(value).length;
}

/**
 * `POST …/events`: what a request of 500 events of the largest kind can need (docs/municipal-api.md "Sending
 * events"); a larger body is refused `413` before it is read.
 */
export const EVENTS_BODY_LIMIT_BYTES = maxJsonBytes(SubmitTypedEventsRequestSchema);
